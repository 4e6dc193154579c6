## Relapse early warning: the risk panel on a counsellor's home page.

risk-panel-title = Who may be drifting
risk-panel-intro = Members with the highest relapse risk, and why.
risk-panel-none = No member shows warning signs right now.
risk-level-low = Low risk
risk-level-medium = Medium risk
risk-level-high = High risk
risk-score = score { $score } of 100
risk-reason-missed_sessions = { $n ->
        [one] missed the last session
       *[other] missed the last { $n } sessions
    }
risk-reason-no_checkin = no check-in for { $n } days
risk-reason-high_craving = craving { $n } of 10 this week
risk-reason-craving_rising = craving rising this week
risk-reason-low_mood = low mood ({ $n } of 5)
risk-reason-recent_lapse = { $n ->
        [0] a lapse today
        [one] a lapse yesterday
       *[other] a lapse { $n } days ago
    }
risk-reason-safety_flag = { $n ->
        [0] a safety alert today
        [one] a safety alert yesterday
       *[other] a safety alert { $n } days ago
    }
risk-reason-open_crisis = an open crisis alert
risk-reason-early_aftercare = day { $n } after discharge
notif-kind-risk_high = One of your members has moved to high relapse risk. Please reach out to them.
