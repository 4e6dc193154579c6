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
