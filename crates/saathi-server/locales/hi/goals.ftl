## हफ़्ते के लक्ष्य: सदस्य का पेज (/goals) और ग्रुप के पेज पर
## "इस हफ़्ते के लक्ष्य" वाला हिस्सा।

goals-title = मेरे लक्ष्य
goals-week-of = { $date } से शुरू होने वाला हफ़्ता (सोमवार से रविवार)
goals-this-week = इस हफ़्ते के लक्ष्य
goals-none = अभी आपका कोई लक्ष्य नहीं है। नीचे इस हफ़्ते के लिए एक छोटा-सा लक्ष्य बनाइए।
goals-done = इस हफ़्ते { $target } में से { $done } बार किया
goals-status-met = पूरा हुआ
goals-status-partly = कुछ हद तक पूरा
goals-status-not = अभी नहीं
goals-private = यह लक्ष्य सिर्फ़ आप (और आपके काउंसलर) देख सकते हैं।
goals-group-left = वह ग्रुप जिसे आप छोड़ चुके हैं
goals-shared-with = { $group } के साथ साझा: ग्रुप के साथी इसे देख सकते हैं और आपका हौसला बढ़ा सकते हैं।
goals-in-group-private = { $group } में बनाया, पर ग्रुप को नहीं दिखता।
goals-cheers = इस हफ़्ते ग्रुप से { $count } बार शाबाशी मिली
goals-cheers-none = इस हफ़्ते अभी तक कोई शाबाशी नहीं मिली।
goals-note = इसके बारे में दो शब्द
goals-plus-one = +1 हो गया
goals-end = यह लक्ष्य ख़त्म करें
goals-end-explain = ख़त्म किया गया लक्ष्य इस हफ़्ते से नहीं गिना जाएगा। जो हफ़्ते आप कर चुके हैं, वे दर्ज रहेंगे।
goals-end-confirm = हाँ, “{ $title }” ख़त्म करें

goals-new = नया लक्ष्य बनाएँ
goals-new-hint = लक्ष्य छोटा और साफ़ रखें, जैसे “रोज़ 20 मिनट टहलना” या “हफ़्ते में दो बार घर फ़ोन करना”।
goals-field-title = आपका लक्ष्य
goals-field-title-hint = ज़्यादा से ज़्यादा 120 अक्षर।
goals-field-target = कितनी बार?
goals-times-a-week = { $count ->
        [one] हफ़्ते में एक बार
       *[other] हफ़्ते में { $count } बार
    }
goals-field-group = किस ग्रुप के सामने?
goals-field-group-hint = अपना कोई ग्रुप चुनें, या इसे सिर्फ़ अपने लिए रखें।
goals-group-none = कोई ग्रुप नहीं — सिर्फ़ मेरे लिए
goals-field-visible = मेरे ग्रुप को यह लक्ष्य दिखे
goals-field-visible-hint = ग्रुप के साथी देख सकेंगे कि आप कैसा कर रहे हैं, और आपका हौसला बढ़ा सकेंगे।
goals-no-groups = आप अभी किसी ग्रुप में नहीं हैं, इसलिए यह लक्ष्य आपके और आपके काउंसलर के बीच रहेगा।
goals-set = लक्ष्य बनाएँ

goals-created = आपका लक्ष्य बन गया। आप यह कर सकते हैं!
goals-progress-saved = शाबाश! यह गिन लिया गया।
goals-met-now = बहुत बढ़िया — आपने इस हफ़्ते का लक्ष्य पूरा कर लिया!
goals-ended = लक्ष्य ख़त्म कर दिया गया। पिछले हफ़्ते दर्ज रहेंगे।
goals-cheered = आपने शाबाशी दी। इससे साथी का हौसला बढ़ता है।

goals-group-title = इस हफ़्ते के लक्ष्य
goals-group-empty = इस हफ़्ते अभी तक किसी ने इस ग्रुप के साथ लक्ष्य साझा नहीं किया है।
goals-group-set = ग्रुप के सामने अपना लक्ष्य रखें
goals-cheer = शाबाशी दें
goals-you-cheered = आपने शाबाशी दी

err-title-required = अपना लक्ष्य लिखिए, जैसे “रोज़ 20 मिनट टहलना”।
err-title-too_long = लक्ष्य छोटा रखें: ज़्यादा से ज़्यादा 120 अक्षर।
err-target_per_week-out_of_range = हफ़्ते में एक से 21 बार के बीच चुनें।
err-group_id-not_in_group = उन ग्रुप में से कोई चुनें जिनमें आप हैं।
err-visible_to_group-needs_group = ग्रुप को लक्ष्य दिखाने के लिए पहले ग्रुप चुनें।
err-goal_count-out_of_range = यह गिना नहीं जा सका। कृपया बटन फिर से दबाएँ।
err-goal_note-too_long = नोट बहुत लंबा है: ज़्यादा से ज़्यादा 500 अक्षर।
