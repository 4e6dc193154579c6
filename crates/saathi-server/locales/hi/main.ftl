# साथी के वेब पेज: हिन्दी।
# यहाँ का हर संदेश ../en/main.ftl में भी होना चाहिए (एक टेस्ट इसकी जाँच करता है)।

app-name = साथी
skip-to-content = सीधे मुख्य सामग्री पर जाएँ
language-switch = भाषा
nav-label = मुख्य मेन्यू
nav-home = होम
nav-members = सदस्य
nav-users = स्टाफ़ और अकाउंट
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
