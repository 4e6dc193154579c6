# साथी के वेब पेज: हिन्दी।
# यहाँ का हर संदेश ../en/main.ftl में भी होना चाहिए (एक टेस्ट इसकी जाँच करता है)।

app-name = साथी
skip-to-content = सीधे मुख्य सामग्री पर जाएँ
language-switch = भाषा
nav-label = मुख्य मेन्यू
nav-home = होम
nav-members = सदस्य
nav-users = स्टाफ़ और अकाउंट
nav-groups = ग्रुप
sign-out = साइन आउट
footer-help = अभी मदद चाहिए? कॉल करें
footer-telemanas = टेली-मानस
back-to-members = ← सभी सदस्य
back-to-member = ← { $name } पर वापस

## भूमिकाएँ

role-admin = एडमिन
role-counselor = काउंसलर
role-peer_mentor = पीयर मेंटर
role-member = सदस्य
role-family = परिवार के सदस्य

## सफ़र के चरण

stage-detox = डिटॉक्स
stage-rehabilitation = पुनर्वास (रिहैब)
stage-relapse_prevention = रिलैप्स से बचाव
stage-aftercare = आफ़्टरकेयर
stage-detox-about = शुरुआती दिन: आपका शरीर नशे के बिना रहना सीख रहा है। टीम आपका ध्यान रख रही है; आराम करें, खाना खाएँ और पानी पीते रहें।
stage-rehabilitation-about = आप अपने ग्रुप और काउंसलर के साथ समझ रहे हैं कि लत कैसे काम करती है, और नई आदतें बना रहे हैं।
stage-relapse_prevention-about = आप अपने ट्रिगर पहचानना सीख रहे हैं, और यह तय कर रहे हैं कि तलब (क्रेविंग) आने पर क्या करेंगे।
stage-aftercare-about = आपका डिस्चार्ज हो चुका है। आपका एलुमनाई ग्रुप, आपके मेंटर और यह केंद्र अब भी आपके साथ हैं।

## नशा-मुक्त दिन

days-sober = { $days } दिन नशा-मुक्त
days-sober-none = नशा-मुक्ति की तारीख़ अभी शुरू नहीं हुई

## महीने (जैसे 21 नवंबर 2026)

month-1 = जनवरी
month-2 = फ़रवरी
month-3 = मार्च
month-4 = अप्रैल
month-5 = मई
month-6 = जून
month-7 = जुलाई
month-8 = अगस्त
month-9 = सितंबर
month-10 = अक्टूबर
month-11 = नवंबर
month-12 = दिसंबर

## हेल्पलाइन (राष्ट्रीय नंबर)

helpline-14416 = टेली-मानस (मानसिक स्वास्थ्य)
helpline-14446 = राष्ट्रीय नशा मुक्ति हेल्पलाइन
helpline-112 = आपातकालीन सेवा
helplines-title = हेल्पलाइन
helplines-intro = मुश्किल लगे तो कॉल करें। दिन हो या रात, कोई न कोई ज़रूर बात करेगा।

## साइन इन

login-title = साइन इन करें
login-intro = केंद्र से मिले यूज़रनेम या फ़ोन नंबर से साइन इन करें।
login-login = यूज़रनेम या फ़ोन नंबर
login-login-hint = जैसे: ravi.kumar या 9812345678
login-password = पासवर्ड
login-submit = साइन इन करें
login-wrong = यूज़रनेम या पासवर्ड सही नहीं है। कृपया जाँचकर फिर से कोशिश करें।
login-locked = बहुत बार गलत कोशिश हुई। कृपया { $minutes } मिनट रुककर फिर से कोशिश करें।
login-forgot = पासवर्ड भूल गए? अपने काउंसलर या केंद्र के एडमिन से नया पासवर्ड सेट करवाएँ।

## पहली बार चालू करना (खाली डेटाबेस)

setup-title = साथी को सेट अप करना
setup-intro = इस साथी में अभी कोई केंद्र नहीं है। सर्वर पर टर्मिनल खोलकर पहला केंद्र और उसका एडमिन बनाएँ:
setup-step-center = केंद्र बनाएँ। यह कमांड केंद्र की id दिखाएगी।
setup-step-admin = एडमिन बनाएँ; <id> की जगह पहली कमांड से मिली id लिखें। यह कमांड एक बार इस्तेमाल होने वाला पासवर्ड दिखाएगी।
setup-step-login = फिर यहाँ लॉगिन admin और उसी पासवर्ड से साइन इन करें।
setup-database = अगर आपने साथी को --database-url के साथ चालू किया है, तो इन कमांड में भी वही --database-url दें।
setup-demo = इसकी जगह डेमो केंद्र के साथ साथी आज़माना हो, तो इसे नए डेटाबेस पर चालू करें:

## होम

home-title = होम
home-greeting = नमस्ते, { $name }
home-member-sober-title = आपके नशा-मुक्त दिन
home-member-since = { $date } से नशा-मुक्त।
home-member-starts = आपकी नशा-मुक्ति की तारीख़ { $date } है।
home-member-encourage = हर दिन मायने रखता है, { $name }। एक-एक दिन करके आगे बढ़ते रहिए।
home-member-stage-title = आप अपने सफ़र में कहाँ हैं
home-counselor-members = आपके सदस्य
home-counselor-none = अभी आपको कोई सदस्य नहीं सौंपा गया है।
home-counselor-more = यहाँ सिर्फ़ पहले 100 दिख रहे हैं। सभी सदस्य देखें।
home-all-members = केंद्र के सभी सदस्य
home-admin-timezone = टाइम ज़ोन: { $zone }
home-admin-census = चरण के अनुसार सदस्य
home-admin-links = प्रबंधन
home-admin-members-about = सदस्यों के रिकॉर्ड खोजें, भर्ती करें और अपडेट करें
home-admin-users-about = स्टाफ़ जोड़ें और भूमिका बदलें
home-other-role = आपने इस भूमिका में साइन इन किया है: { $role }
home-other-intro = साथी में आपका स्वागत है। आपके लिए यहाँ और कुछ जुड़ने पर केंद्र आपको बताएगा।

## सदस्यों की सूची

members-title = सदस्य
members-add = नया सदस्य जोड़ें
members-search = नाम से खोजें
members-search-label = सदस्य खोजें
members-search-submit = खोजें
members-filtered = यह चरण दिख रहा है: { $stage }।
members-show-all = सभी दिखाएँ
members-none = अभी कोई सदस्य नहीं है।
members-none-found = “{ $q }” से कोई सदस्य नहीं मिला।
members-caption = सदस्य { $first }–{ $last }
members-col-name = नाम
members-col-stage = चरण
members-col-days = नशा-मुक्त दिन
members-col-admitted = भर्ती की तारीख़
pager-label = पेज
pager-prev = ← पिछला
pager-next = अगला →

## सदस्य का रिकॉर्ड और उसका फ़ॉर्म

member-record = रिकॉर्ड
member-login = यूज़रनेम
member-login-hint = 3–64 अक्षर: अंग्रेज़ी अक्षर, अंक, बिंदु, डैश या अंडरस्कोर, जैसे ravi.kumar
member-password = पासवर्ड
member-password-hint = कम से कम 8 अक्षर। सदस्य को यह ख़ुद बताएँ।
member-phone = फ़ोन नंबर
member-phone-hint = सिर्फ़ अंक, ज़रूरत हो तो आगे +, जैसे 9812345678
member-display-name = दूसरों को दिखने वाला नाम
member-display-name-hint = ग्रुप में यही दिखेगा, जैसे पहला नाम। फ़ोन नंबर कभी नहीं।
member-full-name = पूरा नाम
member-gender = लिंग
member-birth-year = जन्म का साल
member-birth-year-hint = जैसे 1990
member-language = भाषा
member-substances = नशे के पदार्थ
member-substances-other = दूसरे पदार्थ
member-substances-other-hint = एक से ज़्यादा हों तो कॉमा से अलग करें
member-stage = चरण
member-stage-hint = आफ़्टरकेयर सिर्फ़ डिस्चार्ज से शुरू होता है, जो काउंसलर इसी पेज से करते हैं।
member-sobriety-start = कब से नशा-मुक्त
member-sobriety-start-hint = नशे के बिना पहला दिन (DD-MM-YYYY)
member-counselor = काउंसलर
member-admitted = भर्ती की तारीख़
member-discharged-on = डिस्चार्ज की तारीख़
member-history = चरणों का इतिहास
member-history-none = अभी तक चरण नहीं बदला है।
member-history-admitted = { $to } में भर्ती
member-history-change = { $from } → { $to }
member-history-by = { $name } द्वारा
member-edit = रिकॉर्ड अपडेट करें
member-edit-open = चरण या जानकारी बदलें
member-edit-submit = बदलाव सेव करें
member-saved = बदलाव सेव हो गए।
member-created = सदस्य भर्ती हो गए। उन्हें उनका यूज़रनेम और पासवर्ड बता दें।
member-discharged = सदस्य का डिस्चार्ज हो गया, अब वे आफ़्टरकेयर में हैं।
member-new-title = नया सदस्य भर्ती करें
member-new-intro = नए सदस्य का रिकॉर्ड भरें। बाद में इसे बदला जा सकता है।
member-new-submit = सदस्य भर्ती करें
member-new-you-counsel = आप इस सदस्य के काउंसलर होंगे।

gender-female = महिला
gender-male = पुरुष
gender-transgender = ट्रांसजेंडर
gender-other = अन्य
gender-undisclosed = नहीं बताना चाहते

substance-alcohol = शराब
substance-tobacco = तंबाकू
substance-cannabis = भांग / गांजा / चरस
substance-opioids = ओपिओइड (हेरोइन, स्मैक, दर्द की गोलियाँ)
substance-sedatives = नींद / नशे की गोलियाँ
substance-stimulants = स्टिमुलेंट (उत्तेजक)
substance-inhalants = सूंघने वाले नशे (सॉल्वेंट, व्हाइटनर)

## डिस्चार्ज

discharge-button = डिस्चार्ज करें…
discharge-title = { $name } को डिस्चार्ज करें?
discharge-explain = इससे { $name } आफ़्टरकेयर में चले जाएँगे और आज की तारीख़ डिस्चार्ज की तारीख़ के रूप में दर्ज होगी।
discharge-keeps = उनका अकाउंट, एलुमनाई ग्रुप और मेंटर बने रहेंगे। अगर उन्हें वापस आना पड़े, तो बाद में उनका चरण फिर से बदला जा सकता है।
discharge-confirm = हाँ, डिस्चार्ज करें
discharge-cancel = रद्द करें

## स्टाफ़ और अकाउंट (एडमिन)

users-title = स्टाफ़ और अकाउंट
users-list = अकाउंट
users-current-role = भूमिका:
users-change-role-for = { $name } की नई भूमिका
users-change-role = भूमिका बदलें
users-role-changed = भूमिका बदल दी गई।
users-own-role = आप अपनी भूमिका ख़ुद नहीं बदल सकते; किसी दूसरे एडमिन से कहें।
users-still-facilitates = { $name } अभी भी इन ग्रुप को चलाते हैं: { $groups }।
users-still-mentors = { $name } अभी भी इनके मेंटर हैं: { $mentees }।
users-hand-over = पहले ये ज़िम्मेदारियाँ किसी और को सौंपें, फिर भूमिका बदलें।
users-new = स्टाफ़ का अकाउंट जोड़ें
users-new-intro = काउंसलर, एडमिन, पीयर मेंटर और परिवार के सदस्यों के लिए। सदस्य भर्ती करने के लिए यहाँ जाएँ:
users-role = भूमिका
users-login = यूज़रनेम
users-password = पासवर्ड
users-password-hint = कम से कम 8 अक्षर। व्यक्ति को बता दें; वे तुरंत साइन इन कर सकते हैं।
users-display-name = दूसरों को दिखने वाला नाम
users-full-name = पूरा नाम
users-phone = फ़ोन नंबर
users-language = ऐप की भाषा
users-new-submit = अकाउंट जोड़ें
users-created = अकाउंट बन गया।

## फ़ॉर्म

form-optional = ज़रूरी नहीं
form-choose = चुनें…
form-errors-title = कृपया इन्हें ठीक करें:
form-error-prefix = गलती:

## फ़ील्ड की गलतियाँ (साथी के नियमों के कोड)

err-invalid = यह मान्य नहीं है।
err-required = कृपया इसे भरें।
err-too_long = यह बहुत लंबा है।
err-too_short = यह बहुत छोटा है।
err-bad_characters = सिर्फ़ अंग्रेज़ी अक्षर, अंक, बिंदु, डैश और अंडरस्कोर इस्तेमाल करें।
err-unknown = कृपया दिए गए विकल्पों में से एक चुनें।
err-implausible = यह सही नहीं लग रहा। कृपया जाँच लें।
err-in_future = यह तारीख़ आगे की है।
err-bad_date = कृपया तारीख़ DD-MM-YYYY के रूप में लिखें।
err-bad_phone = फ़ोन नंबर सिर्फ़ अंकों में लिखें, जैसे 9812345678।
err-too_many = बहुत ज़्यादा प्रविष्टियाँ: ज़्यादा से ज़्यादा 10।
err-bad_item = हर प्रविष्टि का नाम ज़्यादा से ज़्यादा 40 अक्षरों का होना चाहिए।
err-taken = यह पहले से किसी दूसरे अकाउंट में इस्तेमाल हो रहा है।
err-not_a_counselor = इसी केंद्र का कोई काउंसलर चुनें।
err-use_discharge = आफ़्टरकेयर डिस्चार्ज से शुरू होता है। इसके लिए इसी पेज पर "डिस्चार्ज करें" बटन इस्तेमाल करें।
err-not_possible = इस अकाउंट के लिए यह बदलाव संभव नहीं है।
err-changed_meanwhile = आपके बदलाव करते समय किसी और ने इसे बदल दिया। अब इसमें उनका बदला हुआ मान दिख रहा है: उसे जाँच लें, ज़रूरत हो तो फिर से बदलें, और सेव करें।
err-settings-changed_meanwhile = आपके बदलाव करते समय किसी और ने इस ग्रुप की सेटिंग बदल दी, इसलिए कुछ सेव नहीं हुआ। आपके बदलाव फ़ॉर्म में अभी भी हैं: उनके बदलाव ग्रुप के पेज पर देखें, फिर अपने बदलाव रखने के लिए दोबारा सेव करें।
err-own_mentor = कोई अपना ही मेंटर नहीं हो सकता। कोई दूसरा पीयर मेंटर चुनें।
err-not_a_number = कृपया अंकों में लिखें, जैसे 1990।
err-out_of_range = यह संख्या तय सीमा से बाहर है।
err-bad_name = हर हेल्पलाइन का नाम होना चाहिए।
err-login-too_short = यूज़रनेम में कम से कम 3 अक्षर होने चाहिए।
err-login-too_long = यूज़रनेम में ज़्यादा से ज़्यादा 64 अक्षर हो सकते हैं।
err-login-taken = यह यूज़रनेम पहले से लिया जा चुका है। कृपया कोई दूसरा चुनें।
err-phone-taken = यह फ़ोन नंबर पहले से किसी दूसरे अकाउंट का है।
err-password-too_short = पासवर्ड में कम से कम 8 अक्षर होने चाहिए।
err-password-too_long = पासवर्ड में ज़्यादा से ज़्यादा 256 अक्षर हो सकते हैं।
err-birth_year-implausible = कृपया जन्म का ऐसा साल लिखें जो 10 से 100 साल पहले का हो।
err-birth_year-required = कृपया जन्म का साल लिखें।
err-sobriety_start-in_future = नशा-मुक्ति की तारीख़ आगे की नहीं हो सकती।
err-sobriety_start-implausible = यह तारीख़ बहुत पुरानी है। कृपया साल जाँच लें।
err-gender-unknown = कृपया लिंग चुनें (या "नहीं बताना चाहते")।
err-language-unknown = कृपया भाषा चुनें।
err-stage-unknown = कृपया चरण चुनें।
err-q-too_long = खोज बहुत लंबी है: ज़्यादा से ज़्यादा 100 अक्षर।
err-substances-too_many = ज़्यादा से ज़्यादा 10 पदार्थ।
err-role-unknown = कृपया भूमिका चुनें।

## गलती वाले पेज

error-forbidden-title = अनुमति नहीं है
error-forbidden = आपका अकाउंट यह पेज नहीं खोल सकता। अगर आपको लगता है कि खुलना चाहिए, तो केंद्र के एडमिन से बात करें।
error-not-found-title = पेज नहीं मिला
error-not-found = यह पेज मौजूद नहीं है, या किसी दूसरे केंद्र का है।
error-bad-request-title = अनुरोध में कुछ गड़बड़ थी
error-bad-request = कृपया वापस जाकर फिर से कोशिश करें।
error-conflict-title = यह नहीं हो पाया
error-conflict = शायद किसी और ने इसी समय इसे बदल दिया। कृपया पेज फिर से खोलकर कोशिश करें।
error-invalid-title = यह नहीं हो पाया
error-invalid = भेजी गई कुछ जानकारी मान्य नहीं है। कृपया वापस जाकर जाँच लें।
error-rate-limited-title = कृपया रुकें
error-rate-limited = कम समय में बहुत ज़्यादा कोशिशें हुईं। कुछ मिनट रुककर फिर से कोशिश करें।
error-internal-title = कुछ गड़बड़ हो गई
error-internal = साथी यह काम पूरा नहीं कर पाया। थोड़ी देर में फिर से कोशिश करें; बार-बार ऐसा हो तो केंद्र के एडमिन को बताएँ।
error-already-discharged-title = पहले ही डिस्चार्ज हो चुके हैं
error-already-discharged = इस सदस्य का डिस्चार्ज पहले ही हो चुका है।
error-stage-changed-title = इस बीच बदल गया
error-stage-changed = अभी-अभी किसी और ने इस सदस्य का चरण बदल दिया, इसलिए कुछ भी सहेजा नहीं गया। सदस्य का पेज फिर से खोलें और वहाँ अपना बदलाव करें।
error-too-large-title = भेजने के लिए बहुत लंबा
error-too-large = आपने जो लिखा है वह एक बार में भेजने के लिए बहुत लंबा है। वापस जाएँ, उसे छोटा करें या दो हिस्सों में बाँटें, और फिर भेजें।
error-go-home = होम पेज पर जाएँ
error-go-login = साइन इन पेज पर जाएँ

## अकाउंट की सूची का फ़िल्टर

users-filter-label = कौन-से अकाउंट दिखाएँ
users-filter-all = सभी
users-filter-admin = एडमिन
users-filter-counselor = काउंसलर
users-filter-peer_mentor = पीयर मेंटर
users-filter-member = सदस्य
users-filter-family = परिवार
users-none = यहाँ कोई अकाउंट नहीं है।

## ग्रुप: सूची

groups-title = ग्रुप
groups-title-own = आपके ग्रुप
groups-add = नया ग्रुप
groups-none = अभी कोई ग्रुप नहीं है। “नया ग्रुप” से शुरू करें।
groups-none-own = आप अभी किसी ग्रुप में नहीं हैं।
groups-caption = केंद्र के ग्रुप
groups-col-name = ग्रुप
groups-col-kind = प्रकार
groups-col-modality = कहाँ
groups-col-places = भरी जगहें
groups-col-waitlist = इंतज़ार में
groups-places = { $capacity } में से { $taken }
groups-waitlisted = प्रतीक्षा सूची में, { $position }वाँ स्थान
groups-member = सदस्य
groups-facilitator = आप चलाते हैं
groups-closed = बंद
groups-leave-waitlist = प्रतीक्षा सूची छोड़ें…
groups-left = आपने ग्रुप छोड़ दिया है।
back-to-groups = ← सभी ग्रुप
back-to-group = ← { $name } पर वापस

## ग्रुप के प्रकार, और वे कहाँ मिलते हैं

group-kind-psychoeducational = मनो-शिक्षा
group-kind-skills = कौशल प्रशिक्षण
group-kind-cbt = सीबीटी (संज्ञानात्मक व्यवहार थेरेपी)
group-kind-support = सहायता ग्रुप
group-kind-twelve_step = बारह-क़दम (ट्वेल्व-स्टेप) ग्रुप
group-kind-smart_recovery = स्मार्ट रिकवरी
group-kind-therapeutic_community = थेरेप्यूटिक कम्युनिटी
group-kind-expressive_arts = अभिव्यक्ति कला
group-kind-activity = गतिविधि (योग, ध्यान)
group-kind-family = परिवार ग्रुप
group-kind-alumni = एलुमनाई ग्रुप
group-modality-in_person = आमने-सामने
group-modality-online = ऑनलाइन
group-modality-hybrid = मिला-जुला (आमने-सामने और ऑनलाइन)

weekday-mo = सोमवार
weekday-tu = मंगलवार
weekday-we = बुधवार
weekday-th = गुरुवार
weekday-fr = शुक्रवार
weekday-sa = शनिवार
weekday-su = रविवार

## ग्रुप का फ़ॉर्म

group-new-title = नया ग्रुप
group-edit-title = { $name } बदलें
group-new-intro = ग्रुप जान-बूझकर छोटे रखे जाते हैं: 5 से 12 लोग। यहाँ की हर बात बाद में बदली जा सकती है।
group-name = ग्रुप का नाम
group-name-hint = जैसे: महिलाओं का शाम का घेरा
group-kind = ग्रुप का प्रकार
group-modality = कहाँ मिलता है
group-capacity = जगहें
group-capacity-hint = 5 से 12 तक। ग्रुप भर जाने पर नए सदस्य प्रतीक्षा सूची में जाते हैं और जगह खाली होने पर आगे आते हैं।
group-eligibility = कौन जुड़ सकता है
group-eligibility-intro = कोई हिस्सा ख़ाली छोड़ें तो उसमें कोई भी जुड़ सकता है।
group-stages = चरण
group-genders = लिंग
group-min-age = सबसे कम उम्र
group-max-age = सबसे ज़्यादा उम्र
group-age-range = उम्र
group-languages = ग्रुप में बोली जाने वाली भाषाएँ
group-schedule = समय-सारणी
group-schedule-intro = हर हफ़्ते जिन दिनों ग्रुप मिलता है, उन पर निशान लगाएँ। तय समय-सारणी के बिना ग्रुप के लिए सब ख़ाली छोड़ें: तब सेशन एक-एक करके जोड़े जाते हैं।
group-weekdays = हफ़्ते के दिन
group-start-time = शुरू होने का समय
group-start-time-hint = 24 घंटे वाला समय, जैसे 18:00
group-duration = अवधि (मिनट में)
group-duration-hint = 15 से 480 तक, जैसे 90
group-starts-on = समय-सारणी का पहला दिन
group-starts-on-hint = सेशन इस दिन से तय होते हैं (DD-MM-YYYY)।
group-rrule-open = उन्नत: दोहराने का कोई और नियम
group-rrule = दोहराने का नियम (RRULE)
group-rrule-hint = सिर्फ़ तब, जब दिनों पर निशान लगाना काफ़ी न हो, जैसे हर दूसरे शनिवार के लिए FREQ=WEEKLY;INTERVAL=2;BYDAY=SA। यह ऊपर चुने दिनों की जगह लेता है।
group-facilitators = संचालक (फ़ैसिलिटेटर)
group-facilitators-hint = काउंसलर और पीयर मेंटर जो सेशन चलाते हैं।
group-open = नए सदस्यों के लिए खुला
group-agreement = ग्रुप का समझौता
group-agreement-hint = सदस्य पहले सेशन से पहले इसे पढ़कर स्वीकार करते हैं।
group-agreement-default = ग्रुप में जो बात होती है, वह ग्रुप में ही रहती है। हम बिना टोके सुनते हैं, अपने अनुभव से बोलते हैं, और एक-दूसरे का सम्मान करते हैं। हम नशे के बिना, समय पर आते हैं, और न आ पाएँ तो बता देते हैं।
group-create = ग्रुप बनाएँ
group-save = बदलाव सेव करें
group-created = ग्रुप बन गया।
group-saved = बदलाव सेव हो गए।

## ग्रुप का पेज

group-details = ग्रुप के बारे में
group-edit = ग्रुप बदलें
group-schedule-weekly = हर { $days }, { $time } बजे, { $minutes } मिनट
group-schedule-rule = नियम { $rule } के अनुसार, { $time } बजे, { $minutes } मिनट
group-schedule-none = कोई तय समय-सारणी नहीं: सेशन एक-एक करके जोड़े जाते हैं।
group-places = जगहें
group-waiting-count = { $count } इंतज़ार में
group-anyone = कोई भी
group-ages = { $min } से { $max } साल
group-ages-min = { $min } साल और उससे ज़्यादा
group-ages-max = { $max } साल तक
group-new-members = नए सदस्य
group-open-yes = स्वागत है
group-open-no = अभी बंद
group-members-title = सदस्य
group-members-none = अभी तक कोई नहीं जुड़ा है।
group-joined = { $date } को जुड़े
group-agreement-yes = समझौता स्वीकार किया
group-agreement-no = समझौता अभी स्वीकार नहीं किया
group-override-note = नियमों के बावजूद जोड़ा गया: { $reason }
group-remove = हटाएँ
group-waitlist-title = प्रतीक्षा सूची
group-waitlist-none = कोई इंतज़ार में नहीं है।
group-waitlist-position = { $position }वाँ स्थान
group-back = ← ग्रुप पर वापस
form-cancel = रद्द करें

## ग्रुप में जोड़ना

group-enrol-title = सदस्य जोड़ें
group-enrol-search = नाम से सदस्य खोजें
group-enrol-search-submit = खोजें
group-enrol-choose = सदस्य चुनें
group-enrol-none-found = इस ग्रुप से बाहर कोई सदस्य “{ $q }” से मेल नहीं खाता।
group-enrol-submit = ग्रुप में जोड़ें
group-enrol-pick = कृपया पहले कोई सदस्य चुनें।
group-enrol-full = ग्रुप भरा हुआ है: नया सदस्य प्रतीक्षा सूची में जाएगा।
group-enrolled = सदस्य ग्रुप में जुड़ गए।
group-waitlisted = ग्रुप भरा हुआ है: सदस्य प्रतीक्षा सूची में { $position }वें स्थान पर हैं।
group-already-in = यह सदस्य पहले से ग्रुप में या उसकी प्रतीक्षा सूची में है।
group-ineligible-title = { $name } इस ग्रुप में नहीं जुड़ सकते:
group-reason-stage = { $name } { $stage } चरण में हैं; यह ग्रुप { $stages } के लिए है।
group-reason-gender = यह ग्रुप इनके लिए है: { $genders }।
group-reason-age_unknown = { $name } के जन्म का साल दर्ज नहीं है, और यह ग्रुप एक तय उम्र के लिए है।
group-reason-too_young = { $name } की उम्र { $min } साल से कम है, जो इस ग्रुप की सबसे कम उम्र है।
group-reason-too_old = { $name } की उम्र { $max } साल से ज़्यादा है, जो इस ग्रुप की सबसे ज़्यादा उम्र है।
group-reason-language = यह ग्रुप { $languages } में चलता है; { $name } { $language } बोलते हैं।
group-reason-closed = ग्रुप नए सदस्यों के लिए बंद है।
group-override-title = फिर भी जोड़ें
group-override = यह सदस्य फिर भी क्यों जुड़ें
group-override-hint = ज़रूरी। साथी यह कारण जोड़ने के रिकॉर्ड के साथ रखता है।
group-override-submit = इस कारण के साथ फिर भी जोड़ें

## छोड़ना और हटाना

group-leave = यह ग्रुप छोड़ें…
group-leave-title = { $group } छोड़ें?
group-leave-explain = आपकी जगह चली जाएगी। बाद में लौटना हो तो अपने काउंसलर से कहें; हो सकता है जगह खाली होने का इंतज़ार करना पड़े।
group-leave-confirm = हाँ, ग्रुप छोड़ें
group-remove-title = { $name } को { $group } से हटाएँ?
group-remove-explain = { $name } की जगह चली जाएगी। प्रतीक्षा सूची में पहले व्यक्ति को, अगर कोई है, यह जगह मिलेगी।
group-remove-confirm = हाँ, हटाएँ
group-removed = सदस्य को ग्रुप से हटा दिया गया।
group-promoted = { $name } प्रतीक्षा सूची से आगे आए और अब उन्हें जगह मिल गई है।

## सदस्य का हिस्सा: समझौता और चेक-इन

group-agreement-title = ग्रुप का समझौता
group-agreement-accept = मैं ग्रुप का समझौता स्वीकार करता/करती हूँ
group-agreement-accepted = आपने { $date } को समझौता स्वीकार किया।
group-agreement-first = कृपया अपने पहले सेशन से पहले समझौता पढ़कर स्वीकार करें।
group-agreement-thanks = धन्यवाद। आपने ग्रुप का समझौता स्वीकार कर लिया है।
group-checkin-title = सेशन में चेक-इन करें
group-checkin-session = सेशन: { $when }
group-checkin-code = चेक-इन कोड
group-checkin-code-hint = संचालक जो 6 अंक दिखाते हैं।
group-checkin-submit = चेक-इन करें
group-checked-in-present = आपका चेक-इन हो गया। स्वागत है!
group-checked-in-late = आपका चेक-इन हो गया (थोड़ी देर से)। स्वागत है!
group-checkin-not-open = चेक-इन सेशन से 15 मिनट पहले खुलता है।
group-checkin-closed = यह सेशन ख़त्म हो चुका है।
group-checkin-cancelled = यह सेशन रद्द हो गया था।
group-checkin-agreement = कृपया पहले ग्रुप का समझौता स्वीकार करें।

## ग्रुप के सेशन

group-sessions-title = सेशन
group-sessions-upcoming = आने वाले (अगले 30 दिन)
group-sessions-recent = हाल के (पिछले 30 दिन)
group-sessions-none-upcoming = अगले 30 दिनों में कोई सेशन नहीं।
group-sessions-none-recent = पिछले 30 दिनों में कोई सेशन नहीं।
group-session-cancelled = रद्द
group-session-new = सेशन जोड़ें
group-session-date = तारीख़
group-session-time = शुरू होने का समय
group-session-topic = विषय
group-session-duration = अवधि (मिनट में)
group-session-duration-hint = ग्रुप की सामान्य अवधि (या 90 मिनट) के लिए ख़ाली छोड़ें।
group-session-create = सेशन जोड़ें

topic-none = कोई विषय तय नहीं
topic-triggers = ट्रिगर
topic-emotional_awareness = भावनाओं की पहचान
topic-communication = बातचीत
topic-stress = तनाव से निपटना
topic-relapse_prevention = रिलैप्स से बचाव
topic-family = परिवार
topic-cravings = तलब (क्रेविंग)
topic-anger = ग़ुस्सा
topic-grief_and_loss = दुख और बिछड़ना
topic-self_esteem = आत्म-सम्मान
topic-sleep_and_health = नींद और सेहत
topic-work_and_money = काम और पैसा
topic-boundaries = सीमाएँ तय करना
topic-gratitude = कृतज्ञता
topic-spirituality = आध्यात्मिकता
topic-living_sober = नशे के बिना जीना

## सेशन (संचालक का पेज)

session-title = { $group }, { $date }
session-jump = इस पेज पर
session-back = ← सेशन पर वापस
session-someone = कोई, जो ग्रुप छोड़ चुका है
session-cancelled = यह सेशन रद्द है।
session-is-cancelled = यह सेशन रद्द है: पहले इसे वापस चालू करें।
session-restore = सेशन वापस चालू करें
session-restored = सेशन वापस चालू हो गया।
session-code-title = चेक-इन कोड
session-code-hint = सदस्य शुरू होने से 15 मिनट पहले से ख़त्म होने तक अपने फ़ोन पर यह कोड डालकर ख़ुद चेक-इन कर सकते हैं।
session-attendance-title = हाज़िरी
session-attendance-none = इस ग्रुप में अभी किसी सदस्य की जगह नहीं है।
session-attendance-not-recorded = दर्ज नहीं
session-attendance-self = { $status }, ख़ुद चेक-इन किया
session-attendance-save = हाज़िरी सेव करें
session-attendance-saved = हाज़िरी सेव हो गई।
session-agreement-required = { $name } ने अभी ग्रुप का समझौता स्वीकार नहीं किया है, इसलिए अभी उन्हें सिर्फ़ ग़ैरहाज़िर या छुट्टी पर दर्ज किया जा सकता है।
attendance-present = हाज़िर
attendance-late = देर से
attendance-absent = ग़ैरहाज़िर
attendance-excused = छुट्टी पर
session-change-title = तारीख़, समय और विषय
session-change-open = सेशन का समय या विषय बदलें
session-change-submit = सेव करें
session-changed = सेशन बदल दिया गया।
session-cancel = यह सेशन रद्द करें…
session-cancel-title = { $when } का सेशन रद्द करें?
session-cancel-explain = सदस्यों को यह रद्द दिखेगा, और कोई चेक-इन नहीं कर पाएगा। बाद में इसे वापस चालू किया जा सकता है।
session-cancel-confirm = हाँ, सेशन रद्द करें
session-cancel-keep = नहीं, रहने दें
session-cancelled-done = सेशन रद्द हो गया।

## बातचीत का घेरा (शेयरिंग सर्कल)

circle-title = बातचीत का घेरा
circle-intro = हाज़िर हर व्यक्ति को बोलने की बारी मिलती है; बारी छोड़ना भी ठीक है।
circle-empty = घेरा हाज़िर या देर से आए लोगों के लिए है: पहले हाज़िरी दर्ज करें।
circle-not-yet = जिन्होंने अभी नहीं बोला
circle-everyone-shared = सबको बारी मिल चुकी है।
circle-next-round = अगला वक्ता (क्रम से)
circle-next-random = अगला वक्ता (कोई भी)
circle-speaker = अभी बोल रहे हैं: { $name }
circle-minutes = कितने मिनट बोले
circle-minutes-hint = जैसे 3, 2.5 या 2:30
circle-record = बारी दर्ज करें
circle-pass = { $name } बारी छोड़ते हैं
circle-timer-label = बोलने का समय
circle-timer-start = टाइमर शुरू करें
circle-timer-stop = रोकें और दर्ज करें
circle-timer-started = टाइमर शुरू हो गया।
circle-turn-saved = बारी दर्ज हो गई।
circle-turn-passed = बारी छोड़ी
circle-turns-title = अब तक की बारियाँ
circle-talk-title = बोलने का समय
circle-seconds = { $seconds } सेकंड
circle-balance-title = भागीदारी का संतुलन
circle-balance-even = बराबर
circle-balance-uneven = कुछ असमान
circle-balance-dominated = कुछ आवाज़ें हावी हैं
circle-balance-none = अभी तक कोई नहीं बोला
circle-balance-explain = 0 का मतलब है सब बराबर समय बोले; 1 के पास का मतलब है ज़्यादातर एक ही व्यक्ति बोला।

## गोपनीय नोट

notes-title = सेशन का गोपनीय नोट
notes-confidential = नोट सिर्फ़ इसी केंद्र के काउंसलर पढ़ सकते हैं, और हर बार पढ़ना दर्ज होता है।
notes-after = नोट सेशन के बाद लिखा जाता है।
notes-open = नोट अभी लिखें या पढ़ें
notes-write = नोट लिखें
notes-group = ग्रुप नोट
notes-group-hint = सेशन में क्या हुआ, टीम के लिए। यह यहीं रहता है: किसी के रिकॉर्ड में नहीं जाता।
notes-part = { $name } के लिए हिस्सा
notes-part-hint = { $name } के अपने रिकॉर्ड के लिए कुछ पंक्तियाँ, दूसरों की बातों के बिना।
notes-written-meanwhile = आपके लिखते समय किसी और ने यह नोट लिख दिया, इसलिए आपका नोट सहेजा नहीं गया। आपका लिखा यहीं रखा है: इसे उनके नोट में संशोधन के रूप में जोड़ें।
notes-one-to-one = { $name } को अकेले में बात (वन-टू-वन) की ज़रूरत है (फ़ॉलो-अप काम बनता है)
notes-save = नोट सेव करें
notes-saved = नोट सेव हो गया।
note-title = नोट
note-by = { $name }, { $date }
note-needs-one-to-one = वन-टू-वन की ज़रूरत
note-amendment = संशोधन
note-signed = { $name } ने { $date } को मंज़ूरी दी
note-sign-off = मंज़ूरी दें
note-signed-done = नोट को मंज़ूरी मिल गई।
note-amend = संशोधन जोड़ें
note-amend-title = संशोधन जोड़ें
note-amend-submit = संशोधन जोड़ें
note-amended = संशोधन जुड़ गया।
note-back = ← वापस

## सदस्य का रिकॉर्ड: ग्रुप, हाज़िरी, नोट

member-groups-title = ग्रुप
member-groups-none = अभी किसी ग्रुप में नहीं।
member-attendance-title = हाज़िरी
member-attendance-none = अभी कोई हाज़िरी दर्ज नहीं।
member-attendance-rate = दर्ज { $total } सेशन में से { $attended } में आए ({ $percent }%)।
member-attendance-caption = सेशन, नए पहले
member-attendance-when = सेशन
member-attendance-group = ग्रुप
member-attendance-status = हाज़िरी
member-notes-title = गोपनीय नोट
member-notes-none = अभी कोई नोट नहीं।
member-note-own = नोट
member-note-session = ग्रुप सेशन से
member-note-add = नोट जोड़ें
member-note-body = नोट
member-note-hint = सिर्फ़ काउंसलरों के लिए। वह लिखें जो टीम को जानना चाहिए।
member-note-one-to-one = वन-टू-वन की ज़रूरत है (फ़ॉलो-अप काम बनता है)
member-note-submit = नोट सेव करें
member-note-saved = नोट सेव हो गया।

## होम: ग्रुप और फ़ॉलो-अप

home-member-groups-title = आपके ग्रुप
home-member-groups-none = आप अभी किसी ग्रुप में नहीं हैं। आपके काउंसलर आपको जोड़ेंगे।
home-member-next = अगला सेशन: { $when }
home-member-next-none = अभी कोई सेशन तय नहीं।
home-member-agreement = कृपया ग्रुप का समझौता स्वीकार करें
home-followups-title = वन-टू-वन बातचीत जो करनी है
home-followups-none = कोई फ़ॉलो-अप बाक़ी नहीं।
home-followup-since = { $date } को दर्ज
home-followup-done = हो गया
home-followup-completed = फ़ॉलो-अप पूरा दर्ज हो गया।
home-admin-groups-about = ग्रुप, उनके सदस्य और सेशन

## ग्रुप, सेशन और नोट की फ़ील्ड की गलतियाँ

err-bad_time = कृपया समय HH:MM के रूप में लिखें, जैसे 18:00।
err-min_above_max = सबसे कम उम्र सबसे ज़्यादा उम्र से ऊपर है।
err-not_a_facilitator = इसी केंद्र के काउंसलर या पीयर मेंटर चुनें।
err-not_enrolled = इस व्यक्ति की ग्रुप में जगह नहीं है।
err-not_attending = यह व्यक्ति हाज़िर या देर से दर्ज नहीं है।
err-needs_member = वन-टू-वन का निशान किसी सदस्य के हिस्से पर लगता है, ग्रुप नोट पर नहीं।
err-bad_range = तारीख़ों की यह सीमा संभव नहीं है।
err-bad_count = कृपया कम से कम एक चुनें।
err-wrong_code = यह कोड सही नहीं है।
err-name-required = कृपया ग्रुप का नाम दें।
err-kind-unknown = कृपया ग्रुप का प्रकार चुनें।
err-modality-unknown = कृपया चुनें कि ग्रुप कहाँ मिलता है।
err-capacity-out_of_range = ग्रुप में 5 से 12 जगहें होती हैं।
err-capacity-not_a_number = कृपया 5 से 12 के बीच कोई संख्या लिखें।
err-min_age-out_of_range = उम्र 0 से 120 साल तक होती है।
err-min_age-min_above_max = सबसे कम उम्र सबसे ज़्यादा उम्र से ऊपर है।
err-min_age-not_a_number = कृपया उम्र सालों में लिखें, जैसे 18।
err-max_age-not_a_number = कृपया उम्र सालों में लिखें, जैसे 25।
err-start_time-bad_time = कृपया शुरू होने का समय HH:MM के रूप में लिखें, जैसे 18:00।
err-duration-out_of_range = सेशन 15 से 480 मिनट का होता है।
err-duration-not_a_number = कृपया अवधि मिनटों में लिखें, जैसे 90।
err-rrule-invalid = साथी यह नियम नहीं पढ़ पाया। इसकी जगह ऊपर दिन चुनें, या नियम जाँच लें।
err-facilitators-required = कम से कम एक संचालक चुनें।
err-facilitators-not_a_facilitator = इसी केंद्र के काउंसलर या पीयर मेंटर चुनें।
err-date-bad_date = कृपया तारीख़ DD-MM-YYYY के रूप में लिखें।
err-topic-unknown = कृपया सूची में से कोई विषय चुनें।
err-records-bad_count = कृपया कम से कम एक सदस्य की हाज़िरी चुनें।
err-minutes-required = लिखें कि वे कितनी देर बोले, या बारी छोड़ने वाला बटन दबाएँ।
err-minutes-not_a_number = कृपया मिनट लिखें, जैसे 3 या 2:30।
err-minutes-out_of_range = एक बारी ज़्यादा से ज़्यादा 60 मिनट की हो सकती है।
err-member_id-not_attending = यह व्यक्ति हाज़िर या देर से दर्ज नहीं है।
err-code-wrong_code = यह कोड सही नहीं है। कृपया 6 अंक जाँचकर फिर से कोशिश करें।
err-override_reason-required = कृपया लिखें कि यह सदस्य फिर भी क्यों जुड़ें।
err-override_reason-too_long = कारण ज़्यादा से ज़्यादा 500 अक्षरों का हो सकता है।
err-group_note-required = कृपया ग्रुप नोट लिखें।
err-group_note-too_long = ग्रुप नोट बहुत लंबा है: ज़्यादा से ज़्यादा 10,000 अक्षर।
err-body-required = कृपया नोट लिखें।
err-body-too_long = नोट के लिए यह बहुत लंबा है।

## Celebrations on the facilitator's session page
celebrate-title = आज का जश्न
celebrate-since = पिछले सत्र ({ $date }) के बाद पूरे हुए पड़ाव, उन सदस्यों के जो इन्हें अपने समूहों को दिखाते हैं।
celebrate-none = पिछले सत्र के बाद कोई नया पड़ाव नहीं।
celebrate-line = { $name }: { $days ->
    [one] 1 दिन नशा-मुक्त
   *[other] { $days } दिन नशा-मुक्त
} ({ $date })

## A member's choice on their home: may their groups celebrate their milestones
sharing-milestones-on = आपके समूह आपके पड़ावों का जश्न आपके साथ मनाते हैं (वे देखते हैं कि आप कब कोई पड़ाव पूरा करते हैं)।
sharing-milestones-off = आपके पड़ाव निजी हैं। आप चाहें तो अपने समूहों को इनका जश्न मनाने दे सकते हैं।
sharing-milestones-start = मेरे समूह मेरे पड़ावों का जश्न मनाएँ
sharing-milestones-stop = मेरे पड़ाव निजी रखें
sharing-saved = आपकी पसंद सहेज ली गई है।

member-checkins-link = हर दिन का चेक-इन, एक-एक करके

goals-sharing-stop = यह लक्ष्य ग्रुप को दिखाना बंद करें
goals-sharing-stop-explain = ग्रुप इसे और इसकी शाबाशी किसी भी हफ़्ते में नहीं देख पाएगा — पिछले हफ़्तों में भी नहीं। आप चाहें तो बाद में फिर से दिखा सकते हैं।
goals-sharing-start = यह लक्ष्य ग्रुप को दिखाएँ
goals-sharing-stopped = अब आपका ग्रुप यह लक्ष्य न इस हफ़्ते देख सकता है, न पिछले किसी हफ़्ते में।
goals-sharing-started = अब आपका ग्रुप यह लक्ष्य फिर से देख सकता है और आपको शाबाशी दे सकता है।
err-visible_to_group-not_in_group = आप अब इस लक्ष्य के ग्रुप में नहीं हैं, इसलिए इसे उस ग्रुप को नहीं दिखाया जा सकता।
