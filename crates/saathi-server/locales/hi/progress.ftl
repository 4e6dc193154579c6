## प्रगति की तस्वीरें (सदस्य का अपना पेज और काउंसलर का सदस्य वाला पेज)

progress-title = मेरी प्रगति
progress-title-of = प्रगति: { $name }
progress-section-title = प्रगति
progress-back-to-member = { $name } के रिकॉर्ड पर वापस
progress-period-label = दिखाएँ
progress-period = पिछले { $days } दिन
progress-heading = पिछले { $days } दिन
progress-open-page = प्रगति का पेज अलग से खोलें

## शब्दों में सार

progress-summary-mood = मूड का औसत 5 में से { $mood } रहा।
progress-summary-craving-trend = तलब 10 में से { $from } से { $to } पर आई (पहले आधे दिनों की तुलना बाद के आधे दिनों से)।
progress-summary-craving = तलब का औसत 10 में से { $craving } रहा।
progress-summary-checkins = { $days } में से { $checked } दिन चेक-इन किया।
progress-summary-no-checkins = इन { $days } दिनों में कोई चेक-इन नहीं।
progress-summary-sober = { $tracked } में से { $sober } दिन नशा-मुक्त।
progress-summary-not-started = नशा-मुक्ति की तारीख़ अभी शुरू नहीं हुई।
progress-summary-attendance = { $total } में से { $attended } सेशन में आए।
progress-summary-no-sessions = इन दिनों में कोई सेशन दर्ज नहीं।
progress-now = अभी { $days } दिन से नशा-मुक्त।
progress-longest = सबसे लंबा सिलसिला: { $days } दिन।
progress-next = अगला पड़ाव: { $days } दिन, { $date } को।
progress-milestones = इन दिनों में पूरे हुए पड़ाव: { $list }।
progress-milestone-on = { $date } को { $days } दिन

## मूड और तलब

progress-mood-title = मूड और तलब
progress-mood-desc = { $from } से { $to } तक हर दिन की रेखा। मूड (बाएँ पैमाने पर 1 से 5) गोल निशानों वाली सीधी रेखा है; तलब (दाएँ पैमाने पर 0 से 10) चौकोर निशानों वाली टूटी रेखा है। जिन दिनों चेक-इन नहीं हुआ, वे ख़ाली छोड़े गए हैं।
progress-mood-legend = मूड 1–5 (बायाँ पैमाना)
progress-craving-legend = तलब 0–10 (दायाँ पैमाना)
progress-mood-empty = इन दिनों में कोई चेक-इन नहीं

## नशा-मुक्त दिनों का कैलेंडर

progress-calendar-title = नशा-मुक्त दिन
progress-calendar-desc = { $from } से { $to } तक हर दिन का एक खाना, हर हफ़्ते का एक कॉलम, सोमवार से शुरू। भरा हुआ खाना नशा-मुक्त दिन है, क्रॉस वाला खाना नशे या फिसलन का दिन, टूटी लकीर वाला खाना बिना चेक-इन का दिन, और बिंदु शुरुआत से पहले का दिन। अंक वाले घेरे पड़ाव दिखाते हैं।
progress-state-sober = नशा-मुक्त
progress-state-not-sober = नशा / फिसलन
progress-state-no-checkin = चेक-इन नहीं
progress-state-before = शुरुआत से पहले
progress-state-milestone = पड़ाव (दिन)

## हाज़िरी

progress-attendance-title = ग्रुप के सेशन
progress-attendance-desc = { $from } से { $to } तक कितने सेशन में हाज़िर, देर से, ग़ैरहाज़िर या छुट्टी पर दर्ज हुए, यह अंकों के साथ पट्टियों में; फिर हर सेशन का एक खाना, पुराने पहले: हाज़िर के लिए भरा हुआ, देर से के लिए आधा भरा, ग़ैरहाज़िर के लिए क्रॉस, छुट्टी के लिए एक छोटी लकीर।
progress-attendance-empty = इन दिनों में कोई सेशन दर्ज नहीं
progress-session-label = { $when }, { $group }: { $status }

## अंक, तालिका में

progress-table-open = दिन-ब-दिन अंक देखें
progress-days-caption = हर दिन, पुराने पहले
progress-col-date = तारीख़
progress-col-mood = मूड (1–5)
progress-col-craving = तलब (0–10)
progress-col-day = दिन
progress-col-milestone = पड़ाव
progress-sessions-caption = सेशन, पुराने पहले

## चार्ट के लिए छोटे नाम

progress-wd-1 = सोम
progress-wd-2 = मंगल
progress-wd-3 = बुध
progress-wd-4 = गुरु
progress-wd-5 = शुक्र
progress-wd-6 = शनि
progress-wd-7 = रवि
progress-mon-1 = जन॰
progress-mon-2 = फ़र॰
progress-mon-3 = मार्च
progress-mon-4 = अप्रैल
progress-mon-5 = मई
progress-mon-6 = जून
progress-mon-7 = जुल॰
progress-mon-8 = अग॰
progress-mon-9 = सित॰
progress-mon-10 = अक्टू॰
progress-mon-11 = नव॰
progress-mon-12 = दिस॰
progress-day-month = { $day } { $month }
