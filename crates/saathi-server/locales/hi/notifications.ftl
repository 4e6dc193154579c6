## सूचनाएँ: उनके शब्द (प्रकार से बने, कभी किसी के लिखे से नहीं),
## /notifications पन्ना, ऊपर की कड़ी और ई-मेल।

notif-kind-safety_alert = एक सुरक्षा अलर्ट पर आपका ध्यान चाहिए।
notif-kind-message_report = आपके संचालन वाले एक कमरे में एक संदेश की शिकायत की गई है।
notif-kind-muted = एक मॉडरेटर ने आपको कुछ समय के लिए एक कमरे में म्यूट किया है।
notif-kind-mentee_lapse = आप जिनके मेंटर हैं, उनमें से किसी ने फिसलन दर्ज की है। कृपया उनसे संपर्क करें।
notif-kind-session_reminder = आपका एक समूह सत्र एक घंटे के भीतर शुरू होने वाला है।
notif-kind-new_message = साथी में नया संदेश
notif-kind-other = साथी में आपके लिए एक नई सूचना है।

notif-title = सूचनाएँ
notif-header-link = { $count ->
        [0] सूचनाएँ
       *[other] सूचनाएँ ({ $count } अपठित)
    }
notif-unread-count = { $count ->
        [0] कुछ भी अपठित नहीं।
        [one] 1 अपठित सूचना।
       *[other] { $count } अपठित सूचनाएँ।
    }
notif-none = अभी आपके लिए कोई सूचना नहीं है।
notif-unread = अपठित
notif-read = पढ़ी गई
notif-open = खोलें
notif-mark-read = पढ़ी हुई मानें
notif-mark-all-read = सभी को पढ़ी हुई मानें
notif-older = पुरानी सूचनाएँ
notif-newest = नई सूचनाओं पर वापस
notif-privacy = सूचनाएँ कभी नहीं दिखातीं कि किसी ने क्या लिखा, इसलिए इन्हें लॉक स्क्रीन या ई-मेल में देखना सुरक्षित है।
notif-marked = पढ़ी हुई मान ली गई।

notif-email-subject = साथी में नई सूचना
notif-email-footer = इसे देखने के लिए साथी में साइन इन करें। आपकी निजता के लिए इस ई-मेल में कोई विवरण नहीं है।

## सूचनाओं के लिए अपना ई-मेल पता (/notifications पर)।
notif-email-title = सूचनाओं के लिए ई-मेल
notif-email-label = आपका ई-मेल पता
notif-email-hint = ई-मेल में सिर्फ़ इतना होता है कि साथी में कुछ नया आया है: किसी ने क्या लिखा, वह कभी नहीं होता। कोई ई-मेल नहीं चाहिए तो इसे खाली छोड़ दें।
notif-email-save = ई-मेल पता सहेजें
notif-email-saved = आपका ई-मेल पता सहेज लिया गया।
notif-email-removed = अब आपको कोई ई-मेल नहीं भेजा जाएगा।
err-email-bad_email = यह ई-मेल पता नहीं लगता। इसे name@example.com की तरह लिखें, या खाली छोड़ दें।

## केंद्र का वेबहुक (/admin/webhook, एडमिन)।
webhook-title = SMS या WhatsApp के लिए वेबहुक
home-admin-webhook-about = सूचनाएँ केंद्र के SMS या WhatsApp गेटवे पर भेजें
webhook-back = होम पर वापस
webhook-intro = साथी हर सूचना आपके केंद्र के SMS या WhatsApp गेटवे पर भेज सकता है। हर कॉल आपके चुने हुए सीक्रेट से साइन की जाती है।
webhook-now = अभी
webhook-none = कोई वेबहुक नहीं है: सूचनाएँ किसी गेटवे पर नहीं भेजी जातीं।
webhook-url = गेटवे का पता (URL)
webhook-url-hint = http:// से शुरू होता है और आपके केंद्र के अपने नेटवर्क के गेटवे का पता होता है, जैसे http://192.168.1.20:8080/sms
webhook-secret = सीक्रेट
webhook-secret-hint = 16 से 256 अक्षर, जो गेटवे में भी डाले जाते हैं। यह दोबारा कभी नहीं दिखाया जाता: हर बार सहेजते समय इसे डालें।
webhook-set-on = { $when } को सेट किया गया
webhook-set = वेबहुक सेट करें
webhook-change = वेबहुक बदलें
webhook-save = वेबहुक सहेजें
webhook-saved = वेबहुक सहेज लिया गया।
webhook-removed = वेबहुक हटा दिया गया। अब सूचनाएँ किसी गेटवे पर नहीं भेजी जातीं।
webhook-privacy = हर कॉल में सिर्फ़ सूचना का प्रकार और आईडी होते हैं, किसी ने क्या लिखा वह कभी नहीं।
webhook-remove = वेबहुक हटाएँ
webhook-remove-title = वेबहुक हटाएँ?
webhook-remove-explain = सूचनाएँ अब { $url } पर नहीं भेजी जाएँगी। जो कॉल अभी बाकी हैं, वे नहीं हो पाएँगी।
webhook-remove-confirm = हाँ, हटाएँ
webhook-remove-keep = नहीं, रहने दें
err-url-bad_url = कृपया http://192.168.1.20:8080/sms जैसा पता डालें।
err-url-https_unsupported = साथी https:// पतों पर कॉल नहीं कर सकता। अपने केंद्र के नेटवर्क पर http:// वाला गेटवे इस्तेमाल करें।
err-secret-length = सीक्रेट में 16 से 256 अक्षर होने चाहिए।
err-secret-bad_characters = सीक्रेट में लाइन ब्रेक या दूसरे कंट्रोल अक्षर नहीं हो सकते।
