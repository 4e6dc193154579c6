## दोबारा नशे की ओर फिसलने की शुरुआती चेतावनी: काउंसलर के होम पन्ने पर जोखिम की सूची।

risk-panel-title = कौन भटक रहा हो सकता है
risk-panel-intro = जिन सदस्यों का दोबारा नशे की ओर लौटने का जोखिम सबसे ज़्यादा है, और क्यों।
risk-panel-none = अभी किसी सदस्य में चेतावनी के संकेत नहीं हैं।
risk-level-low = कम जोखिम
risk-level-medium = मध्यम जोखिम
risk-level-high = अधिक जोखिम
risk-score = अंक 100 में से { $score }
risk-reason-missed_sessions = { $n ->
        [one] पिछला सत्र छूटा
       *[other] पिछले { $n } सत्र छूटे
    }
risk-reason-no_checkin = { $n } दिन से चेक-इन नहीं
risk-reason-high_craving = इस हफ़्ते तलब 10 में से { $n }
risk-reason-craving_rising = इस हफ़्ते तलब बढ़ रही है
risk-reason-low_mood = मन उदास (5 में से { $n })
risk-reason-recent_lapse = { $n ->
        [0] आज एक फिसलन
        [one] कल एक फिसलन
       *[other] { $n } दिन पहले एक फिसलन
    }
risk-reason-safety_flag = { $n ->
        [0] आज एक सुरक्षा अलर्ट
        [one] कल एक सुरक्षा अलर्ट
       *[other] { $n } दिन पहले एक सुरक्षा अलर्ट
    }
risk-reason-open_crisis = एक खुला संकट अलर्ट
risk-reason-early_aftercare = छुट्टी के बाद { $n }वाँ दिन
notif-kind-risk_high = आपके एक सदस्य का दोबारा नशे की ओर लौटने का जोखिम अब अधिक है। कृपया उनसे संपर्क करें।
