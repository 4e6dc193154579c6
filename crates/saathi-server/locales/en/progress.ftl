## Progress pictures (a member's own page and the counsellor's view of a member)

progress-title = My progress
progress-title-of = Progress: { $name }
progress-section-title = Progress
progress-back-to-member = Back to { $name }'s record
progress-period-label = Show
progress-period =
    { $days ->
        [one] Last { $days } day
       *[other] Last { $days } days
    }
progress-heading = The last { $days } days
progress-open-page = Open the progress page on its own

## The summary in words

progress-summary-mood = Mood averaged { $mood } out of 5.
progress-summary-craving-trend = Craving went from { $from } to { $to } out of 10 (first half against second half).
progress-summary-craving = Craving averaged { $craving } out of 10.
progress-summary-checkins = Checked in on { $checked } of { $days } days.
progress-summary-no-checkins = No check-ins in these { $days } days.
progress-summary-sober = Sober on { $sober } of { $tracked } days.
progress-summary-not-started = The sober date has not started yet.
progress-summary-attendance = Attended { $attended } of { $total } sessions.
progress-summary-no-sessions = No sessions recorded in these days.
progress-now =
    { $days ->
        [one] Now { $days } day sober.
       *[other] Now { $days } days sober.
    }
progress-longest =
    { $days ->
        [one] Longest streak: { $days } day.
       *[other] Longest streak: { $days } days.
    }
progress-next =
    { $days ->
        [one] Next milestone: { $days } day, on { $date }.
       *[other] Next milestone: { $days } days, on { $date }.
    }
progress-milestones = Milestones reached in these days: { $list }.
progress-milestone-on =
    { $days ->
        [one] { $days } day on { $date }
       *[other] { $days } days on { $date }
    }

## Mood and craving

progress-mood-title = Mood and craving
progress-mood-desc = A line for each day from { $from } to { $to }. Mood, from 1 to 5 on the left scale, is the solid line with round markers; craving, from 0 to 10 on the right scale, is the dashed line with square markers. Days without a check-in are left empty.
progress-mood-legend = Mood 1–5 (left scale)
progress-craving-legend = Craving 0–10 (right scale)
progress-mood-empty = No check-ins in these days

## The sober-day calendar

progress-calendar-title = Sober days
progress-calendar-desc = One square per day from { $from } to { $to }, a column per week starting on Monday. A filled square is a sober day, a crossed square a day of use or a lapse, a dashed square a day without a check-in, and a dot a day before the start. Rings with a number mark milestones.
progress-state-sober = Sober
progress-state-not-sober = Used / lapse
progress-state-no-checkin = No check-in
progress-state-before = Before the start
progress-state-milestone = Milestone (days)

## Attendance

progress-attendance-title = Group sessions
progress-attendance-desc = How many sessions from { $from } to { $to } were marked present, late, absent or excused, as bars with their numbers, then one square per session, oldest first: filled for present, half filled for late, crossed for absent, a dash for excused.
progress-attendance-empty = No sessions recorded in these days
progress-session-label = { $when }, { $group }: { $status }

## The numbers as tables

progress-table-open = See the numbers day by day
progress-days-caption = Each day, oldest first
progress-col-date = Date
progress-col-mood = Mood (1–5)
progress-col-craving = Craving (0–10)
progress-col-day = Day
progress-col-milestone = Milestone
progress-sessions-caption = Sessions, oldest first

## Short names for the charts

progress-wd-1 = Mon
progress-wd-2 = Tue
progress-wd-3 = Wed
progress-wd-4 = Thu
progress-wd-5 = Fri
progress-wd-6 = Sat
progress-wd-7 = Sun
progress-mon-1 = Jan
progress-mon-2 = Feb
progress-mon-3 = Mar
progress-mon-4 = Apr
progress-mon-5 = May
progress-mon-6 = Jun
progress-mon-7 = Jul
progress-mon-8 = Aug
progress-mon-9 = Sep
progress-mon-10 = Oct
progress-mon-11 = Nov
progress-mon-12 = Dec
progress-day-month = { $day } { $month }
