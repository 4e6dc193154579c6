## The daily check-in (/checkin), its confirmation, recording a lapse,
## the history (/checkins) and the centre's trigger list (/triggers).

checkin-title = Today's check-in
checkin-title-update = Update today's check-in
checkin-intro = { $date }. A few taps — there are no wrong answers.
checkin-intro-update = You have already checked in today ({ $date }). Change what you like and save again.

checkin-mood = How are you feeling today?
mood-1 = Very low
mood-2 = Low
mood-3 = Okay
mood-4 = Good
mood-5 = Very good

checkin-craving = How strong is your craving today?
checkin-craving-hint = 0 means no craving at all. 10 means the strongest craving you can imagine.
checkin-craving-low = 0 = none
checkin-craving-high = 10 = very strong

checkin-sober = Did you stay sober today?
checkin-sober-hint = No alcohol or drugs today. Please answer honestly — nobody will blame you.
checkin-yes = Yes
checkin-no = No

checkin-triggers = Did anything make today hard?
checkin-triggers-hint = Tap all that fit, or none.
checkin-note = Anything else, in your own words
checkin-note-hint = Something hard that is not in the list, what helped you today, or a word for your counsellor.

checkin-sharing = Who may see this check-in?
checkin-sharing-hint = Your counsellor always sees your check-ins. Nobody else does, unless you tick a box here.
checkin-share-mentor = My mentor may see this
checkin-share-mentor-hint = Your peer mentor can read this check-in, with your note.
checkin-share-group = My group may see this
checkin-share-group-hint = The people in your groups can read this check-in, with your note.

checkin-save = Save my check-in
checkin-save-update = Save changes

## After saving

checkin-done-title = Check-in saved
checkin-saved = Thank you, { $name }. Your check-in is saved.
checkin-updated = Thank you, { $name }. Today's check-in is updated.
checkin-next-milestone =
    { $days ->
        [one] Next milestone: 1 day, on { $date }
       *[other] Next milestone: { $days } days, on { $date }
    }
checkin-milestone-today =
    { $days ->
        [one] Today you reach your first sober day. Well done!
       *[other] Today you reach { $days } sober days. Well done!
    }
checkin-new-start = Your new count starts on { $date }.
checkin-hard-title = Thank you for being honest
checkin-hard-body = A hard day does not undo the work you have done. You checked in, and that matters. Please talk to your counsellor or your mentor today — you do not have to carry this alone.
checkin-lapse-offer = If you used alcohol or drugs, you can record it as a lapse. It is your choice. It helps your counsellor support you; it is never a punishment.
checkin-lapse-button = Record a lapse
checkin-lapse-recorded = A lapse is recorded for today. Your counsellor knows and will support you.
checkin-change = Change today's check-in
checkin-see-history = See my check-ins
checkin-go-home = Back to home

## Recording a lapse

lapse-title = Record a lapse
lapse-intro = Telling us about a slip is an honest, brave step. This is what it changes, and what it does not:
lapse-restarts = Your count of sober days starts again the day after the lapse.
lapse-keeps =
    { $longest ->
        [one] Your longest streak (1 day) and all your sober days ({ $total } in all) stay yours.
       *[other] Your longest streak ({ $longest } days) and all your sober days ({ $total } in all) stay yours.
    }
lapse-told = Your counsellor is told, so that they can support you — not to blame you.
lapse-when = When was it?
lapse-today = Today, { $date }
lapse-yesterday = Yesterday, { $date }
lapse-kind = What happened?
lapse-kind-lapse = A slip: I used once
lapse-kind-relapse = A relapse: I went back to using for a while
lapse-note = Anything you want your counsellor to know
lapse-confirm = Yes, record it
lapse-cancel = Not now
lapse-done =
    { $longest ->
        [one] It is recorded. A slip does not erase your progress: your { $total } sober days and your longest streak of 1 day stay yours. Your counsellor has been told, so that they can support you.
       *[other] It is recorded. A slip does not erase your progress: your { $total } sober days and your longest streak of { $longest } days stay yours. Your counsellor has been told, so that they can support you.
    }

## History

checkins-title = My check-ins
checkins-title-of = Check-ins: { $name }
checkins-period = Show
checkins-days-30 = Last 30 days
checkins-days-90 = Last 90 days
checkins-summary = Checked in on { $count } of the last { $total } days.
checkins-today = Today
checkins-yesterday = Yesterday
checkins-none = No check-in
checkins-mood = Mood
checkins-mood-value = { $name } ({ $count } of 5)
checkins-craving = Craving
checkins-craving-value = { $count } of 10
checkins-sober = Sober
checkins-triggers = Triggers
checkins-triggers-none = None
checkins-note = Note
checkins-shared = Who can see it
checkins-shared-counselor = Counsellor only
checkins-shared-mentor = Counsellor and mentor
checkins-shared-group = Counsellor and group
checkins-shared-both = Counsellor, mentor and group
checkins-back-home = ← Back to home

## The centre's trigger list (staff)

triggers-title = Check-in triggers
triggers-intro = Members tap these on their daily check-in when something made the day hard. Every centre starts with the standard list and can add its own.
triggers-standard = The standard list
triggers-own = Added by this centre
triggers-own-none = Nothing added yet.
triggers-add = Add a trigger
triggers-tag = New trigger
triggers-tag-hint = Up to 40 English letters (a–z) or digits, for example “wedding season”. It is kept in small letters.
triggers-add-button = Add the trigger
triggers-added = The trigger is added. Members see it on their next check-in.
triggers-link = The check-in trigger list

## Default trigger tags (a centre's own tags show as typed)

trigger-stress = Stress
trigger-loneliness = Loneliness
trigger-boredom = Boredom
trigger-anger = Anger
trigger-family_conflict = Trouble at home
trigger-peer_pressure = Pressure from friends
trigger-celebration = A party or celebration
trigger-money_worries = Money worries
trigger-work = Work
trigger-pain = Pain
trigger-poor_sleep = Poor sleep
trigger-seeing_old_friends = Seeing old friends
trigger-places_linked_to_use = Places linked to using
trigger-cravings_at_night = Cravings at night

## The member's home

home-checkin-button = Check in for today
home-checkin-update = Update today's check-in
home-checkin-done = You have checked in today. Thank you!
home-checkin-not-yet = How is today going? It takes less than a minute.
home-recovery-title = My recovery
home-link-checkins = My check-ins
home-link-goals = My goals
home-link-progress = My progress

## Form messages

err-mood-out_of_range = Please choose how you feel: one of the five answers.
err-craving-out_of_range = Please choose a number from 0 to 10.
err-sober-required = Please answer yes or no.
err-triggers-unknown = One of the triggers is no longer on the list. Please choose again.
err-triggers-too_many = Please choose at most 12 triggers.
err-note-too_long = The note is too long: at most 1000 characters.
err-tag-bad_tag = Use 1 to 40 English letters (a–z) or digits, with spaces between words.
err-tag-taken = This trigger is already on the list.
err-lapse_date-bad_date = Please choose when it was.
err-lapse_kind-unknown = Please choose what happened.
