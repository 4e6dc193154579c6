## रोज़ का चेक-इन (/checkin), सेव होने के बाद, फिसलन दर्ज करना,
## पिछले चेक-इन (/checkins) और केंद्र की ट्रिगर सूची (/triggers)।

checkin-title = आज का चेक-इन
checkin-title-update = आज का चेक-इन बदलें
checkin-intro = { $date }। बस कुछ टैप — कोई जवाब ग़लत नहीं है।
checkin-intro-update = आप आज ({ $date }) चेक-इन कर चुके हैं। जो बदलना हो बदलें और फिर से सेव करें।

checkin-mood = आज आपका मन कैसा है?
mood-1 = बहुत उदास
mood-2 = उदास
mood-3 = ठीक-ठाक
mood-4 = अच्छा
mood-5 = बहुत अच्छा

checkin-craving = आज नशे की तलब कितनी तेज़ है?
checkin-craving-hint = 0 का मतलब है बिल्कुल तलब नहीं। 10 का मतलब है सबसे तेज़ तलब।
checkin-craving-low = 0 = बिल्कुल नहीं
checkin-craving-high = 10 = बहुत तेज़

checkin-sober = क्या आज आप नशे से दूर रहे?
checkin-sober-hint = आज न शराब, न कोई और नशा। सच-सच बताइए — कोई आपको दोष नहीं देगा।
checkin-yes = हाँ
checkin-no = नहीं

checkin-triggers = क्या आज किसी बात ने मुश्किल बढ़ाई?
checkin-triggers-hint = जितनी बातें सही लगें, सब पर टैप करें — या किसी पर नहीं।
checkin-note = कुछ और, अपने शब्दों में
checkin-note-hint = कोई मुश्किल जो सूची में नहीं है, आज किस बात से मदद मिली, या काउंसलर के लिए कोई बात।

checkin-sharing = यह चेक-इन कौन देख सकता है?
checkin-sharing-hint = आपके काउंसलर आपके चेक-इन हमेशा देखते हैं। और कोई नहीं देखता, जब तक आप यहाँ निशान न लगाएँ।
checkin-share-mentor = मेरे मेंटर इसे देख सकते हैं
checkin-share-mentor-hint = आपके पीयर मेंटर यह चेक-इन आपके नोट के साथ पढ़ सकेंगे।
checkin-share-group = मेरा ग्रुप इसे देख सकता है
checkin-share-group-hint = आपके ग्रुप के लोग यह चेक-इन आपके नोट के साथ पढ़ सकेंगे।

checkin-save = मेरा चेक-इन सेव करें
checkin-save-update = बदलाव सेव करें

## सेव होने के बाद

checkin-done-title = चेक-इन सेव हो गया
checkin-saved = धन्यवाद, { $name }। आपका चेक-इन सेव हो गया।
checkin-updated = धन्यवाद, { $name }। आज का चेक-इन बदल दिया गया।
checkin-next-milestone = अगला पड़ाव: { $days } दिन, { $date } को
checkin-milestone-today = आज आपके { $days } दिन नशा-मुक्त पूरे हुए। बहुत बढ़िया!
checkin-new-start = आपकी नई गिनती { $date } से शुरू होगी।
checkin-hard-title = सच बताने के लिए धन्यवाद
checkin-hard-body = एक मुश्किल दिन आपकी अब तक की मेहनत को मिटा नहीं देता। आपने चेक-इन किया, यह मायने रखता है। आज अपने काउंसलर या मेंटर से बात ज़रूर करें — यह बोझ आपको अकेले नहीं उठाना है।
checkin-lapse-offer = अगर आपने शराब या कोई नशा किया है, तो आप इसे फिसलन के रूप में दर्ज कर सकते हैं। यह आपकी मर्ज़ी है। इससे आपके काउंसलर आपका साथ दे पाते हैं; यह कभी सज़ा नहीं है।
checkin-lapse-button = फिसलन दर्ज करें
checkin-lapse-recorded = आज की फिसलन दर्ज हो गई है। आपके काउंसलर को पता है और वे आपका साथ देंगे।
checkin-change = आज का चेक-इन बदलें
checkin-see-history = मेरे पिछले चेक-इन देखें
checkin-go-home = होम पर वापस जाएँ

## फिसलन दर्ज करना

lapse-title = फिसलन दर्ज करें
lapse-intro = फिसलन के बारे में बताना ईमानदारी और हिम्मत का काम है। इससे क्या बदलता है, और क्या नहीं:
lapse-restarts = नशा-मुक्त दिनों की गिनती फिसलन के अगले दिन से फिर शुरू होती है।
lapse-keeps = आपकी सबसे लंबी लगातार अवधि ({ $longest } दिन) और आपके सारे नशा-मुक्त दिन (कुल { $total }) आपके ही रहेंगे।
lapse-told = आपके काउंसलर को बताया जाएगा, ताकि वे आपका साथ दे सकें — दोष देने के लिए नहीं।
lapse-when = यह कब हुआ?
lapse-today = आज, { $date }
lapse-yesterday = कल, { $date }
lapse-kind = क्या हुआ?
lapse-kind-lapse = एक फिसलन: मैंने एक बार नशा कर लिया
lapse-kind-relapse = रिलैप्स: मैंने फिर से लगातार नशा करना शुरू कर दिया
lapse-note = कुछ जो आप अपने काउंसलर को बताना चाहें
lapse-confirm = हाँ, दर्ज करें
lapse-cancel = अभी नहीं
lapse-done = दर्ज हो गया। एक फिसलन आपकी प्रगति को नहीं मिटाती: आपके { $total } नशा-मुक्त दिन और { $longest } दिन की सबसे लंबी अवधि आपकी ही है। आपके काउंसलर को बता दिया गया है, ताकि वे आपका साथ दे सकें।

## पिछले चेक-इन

checkins-title = मेरे चेक-इन
checkins-title-of = चेक-इन: { $name }
checkins-period = दिखाएँ
checkins-days-30 = पिछले 30 दिन
checkins-days-90 = पिछले 90 दिन
checkins-summary = पिछले { $total } दिनों में से { $count } दिन चेक-इन किया।
checkins-today = आज
checkins-yesterday = कल
checkins-none = कोई चेक-इन नहीं
checkins-mood = मन
checkins-mood-value = { $name } (5 में से { $count })
checkins-craving = तलब
checkins-craving-value = 10 में से { $count }
checkins-sober = नशा-मुक्त
checkins-triggers = मुश्किल बातें
checkins-triggers-none = कोई नहीं
checkins-note = नोट
checkins-shared = कौन देख सकता है
checkins-shared-counselor = सिर्फ़ काउंसलर
checkins-shared-mentor = काउंसलर और मेंटर
checkins-shared-group = काउंसलर और ग्रुप
checkins-shared-both = काउंसलर, मेंटर और ग्रुप
checkins-back-home = ← होम पर वापस

## केंद्र की ट्रिगर सूची (स्टाफ़)

triggers-title = चेक-इन के ट्रिगर
triggers-intro = जब किसी बात ने दिन मुश्किल बनाया हो, तो सदस्य रोज़ के चेक-इन में इन पर टैप करते हैं। हर केंद्र सामान्य सूची से शुरू करता है और अपने ट्रिगर जोड़ सकता है।
triggers-standard = सामान्य सूची
triggers-own = इस केंद्र ने जोड़े
triggers-own-none = अभी कुछ नहीं जोड़ा गया।
triggers-add = ट्रिगर जोड़ें
triggers-tag = नया ट्रिगर
triggers-tag-hint = अंग्रेज़ी के ज़्यादा से ज़्यादा 40 अक्षर (a–z) या अंक, जैसे “wedding season”। यह छोटे अक्षरों में रखा जाता है।
triggers-add-button = ट्रिगर जोड़ें
triggers-added = ट्रिगर जोड़ दिया गया। सदस्यों को यह अगले चेक-इन में दिखेगा।
triggers-link = चेक-इन की ट्रिगर सूची

## सामान्य ट्रिगर (केंद्र के अपने ट्रिगर जैसे लिखे गए वैसे दिखते हैं)

trigger-stress = तनाव
trigger-loneliness = अकेलापन
trigger-boredom = ऊब
trigger-anger = गुस्सा
trigger-family_conflict = घर में झगड़ा
trigger-peer_pressure = दोस्तों का दबाव
trigger-celebration = पार्टी या जश्न
trigger-money_worries = पैसों की चिंता
trigger-work = काम
trigger-pain = दर्द
trigger-poor_sleep = ठीक से नींद नहीं
trigger-seeing_old_friends = पुराने यारों से मिलना
trigger-places_linked_to_use = नशे वाली जगहें
trigger-cravings_at_night = रात में तलब

## सदस्य का होम

home-checkin-button = आज का चेक-इन करें
home-checkin-update = आज का चेक-इन बदलें
home-checkin-done = आपने आज चेक-इन कर लिया है। धन्यवाद!
home-checkin-not-yet = आज का दिन कैसा जा रहा है? बस एक मिनट से कम लगेगा।
home-recovery-title = मेरी रिकवरी
home-link-checkins = मेरे चेक-इन
home-link-goals = मेरे लक्ष्य
home-link-progress = मेरी प्रगति

## फ़ॉर्म के संदेश

err-mood-out_of_range = कृपया बताइए आपका मन कैसा है: पाँच में से एक जवाब चुनें।
err-craving-out_of_range = कृपया 0 से 10 तक कोई अंक चुनें।
err-sober-required = कृपया हाँ या नहीं चुनें।
err-triggers-unknown = इनमें से एक ट्रिगर अब सूची में नहीं है। कृपया फिर से चुनें।
err-triggers-too_many = कृपया ज़्यादा से ज़्यादा 12 ट्रिगर चुनें।
err-note-too_long = नोट बहुत लंबा है: ज़्यादा से ज़्यादा 1000 अक्षर।
err-tag-bad_tag = अंग्रेज़ी के 1 से 40 अक्षर (a–z) या अंक लिखें, शब्दों के बीच खाली जगह के साथ।
err-tag-taken = यह ट्रिगर पहले से सूची में है।
err-lapse_date-bad_date = कृपया चुनें कि यह कब हुआ।
err-lapse_kind-unknown = कृपया चुनें कि क्या हुआ।
