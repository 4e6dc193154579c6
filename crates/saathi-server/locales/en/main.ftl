# Saathi web pages: English.
# Every message here must also be in ../hi/main.ftl (a test checks).

app-name = Saathi
skip-to-content = Skip to main content
language-switch = Language
nav-label = Main menu
nav-home = Home
nav-members = Members
nav-users = Staff and accounts
nav-groups = Groups
sign-out = Sign out
footer-help = Need help right now? Call
footer-telemanas = Tele-MANAS
back-to-members = ← All members
back-to-member = ← Back to { $name }

## Roles

role-admin = Admin
role-counselor = Counsellor
role-peer_mentor = Peer mentor
role-member = Member
role-family = Family member

## Stages of the journey

stage-detox = Detox
stage-rehabilitation = Rehabilitation
stage-relapse_prevention = Relapse prevention
stage-aftercare = Aftercare
stage-detox-about = The first days: your body is getting used to life without the substance. The team is watching over you; rest, eat and drink water.
stage-rehabilitation-about = You are learning how addiction works and building new habits, with your group and your counsellor.
stage-relapse_prevention-about = You are learning to notice your triggers and to plan what to do when a craving comes.
stage-aftercare-about = You have been discharged. Your alumni group, your mentor and this centre are still with you.

## Days sober

days-sober =
    { $days ->
        [one] { $days } day sober
       *[other] { $days } days sober
    }
days-sober-none = Sober date not started yet

## Months (for dates such as 21 November 2026)

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Helplines (the national numbers)

helpline-14416 = Tele-MANAS (mental health)
helpline-14446 = National de-addiction helpline
helpline-112 = Emergency
helplines-title = Helplines
helplines-intro = If things get hard, call. Someone will answer, day or night.

## Sign in

login-title = Sign in
login-intro = Sign in with the username or phone number your centre gave you.
login-login = Username or phone number
login-login-hint = For example: ravi.kumar or 9812345678
login-password = Password
login-submit = Sign in
login-wrong = The username or password is not right. Please check and try again.
login-locked =
    { $minutes ->
        [one] Too many wrong attempts. Please wait { $minutes } minute and try again.
       *[other] Too many wrong attempts. Please wait { $minutes } minutes and try again.
    }
login-forgot = Forgot your password? Ask your counsellor or the centre's admin to set a new one.

## First start (an empty database)

setup-title = Setting up Saathi
setup-intro = This Saathi has no centre yet. On the server, in a terminal, create the first centre and its admin:
setup-step-center = Create the centre. The command prints the centre's id.
setup-step-admin = Create the admin, with the id printed by the first command in place of <id>. It prints a one-time password.
setup-step-login = Sign in here with the login admin and that password.
setup-database = If you started Saathi with --database-url, give the same --database-url to these commands.
setup-demo = To try Saathi with a demo centre instead, start it on a new database:

## Home

home-title = Home
home-greeting = Namaste, { $name }
home-member-sober-title = Your sober days
home-member-since = Sober since { $date }.
home-member-starts = Your sober date is { $date }.
home-member-encourage = Every day counts, { $name }. One day at a time.
home-member-stage-title = Where you are in your journey
home-counselor-members = Your members
home-counselor-none = No members are assigned to you yet.
home-counselor-more = Only the first 100 are shown. See all members.
home-all-members = All members of the centre
home-admin-timezone = Time zone: { $zone }
home-admin-census = Members by stage
home-admin-links = Manage
home-admin-members-about = search, admit and update member records
home-admin-users-about = add staff and change roles
home-other-role = You are signed in as: { $role }
home-other-intro = Welcome to Saathi. Your centre will tell you when there is more here for you.

## Members list

members-title = Members
members-add = Add member
members-search = Search by name
members-search-label = Search members
members-search-submit = Search
members-filtered = Showing stage: { $stage }.
members-show-all = Show all
members-none = No members yet.
members-none-found = No member matches “{ $q }”.
members-caption = Members { $first }–{ $last }
members-col-name = Name
members-col-stage = Stage
members-col-days = Days sober
members-col-admitted = Admitted
pager-label = Pages
pager-prev = ← Previous
pager-next = Next →

## A member's record and its form

member-record = Record
member-login = Username
member-login-hint = 3–64 letters, digits, dots, dashes or underscores, for example ravi.kumar
member-password = Password
member-password-hint = At least 8 characters. Tell it to the member in person.
member-phone = Phone number
member-phone-hint = Digits only, with + in front if needed, for example 9812345678
member-display-name = Name shown to others
member-display-name-hint = What groups see, for example a first name. Never a phone number.
member-full-name = Full name
member-gender = Gender
member-birth-year = Year of birth
member-birth-year-hint = For example 1990
member-language = Language
member-substances = Substances
member-substances-other = Other substances
member-substances-other-hint = Separate several with commas
member-stage = Stage
member-stage-hint = Aftercare starts only with a discharge, which a counsellor does from this page.
member-sobriety-start = Sober since
member-sobriety-start-hint = The first day without the substance (DD-MM-YYYY)
member-counselor = Counsellor
member-admitted = Admitted on
member-discharged-on = Discharged on
member-history = Stage history
member-history-none = No stage changes yet.
member-history-admitted = Admitted to { $to }
member-history-change = { $from } → { $to }
member-history-by = by { $name }
member-edit = Update the record
member-edit-open = Change stage or details
member-edit-submit = Save changes
member-saved = The changes are saved.
member-created = The member is admitted. Give them their username and password.
member-discharged = The member is discharged and now in aftercare.
member-new-title = Admit a member
member-new-intro = Fill in the new member's record. You can change it later.
member-new-submit = Admit member
member-new-you-counsel = You will be this member's counsellor.

gender-female = Female
gender-male = Male
gender-transgender = Transgender
gender-other = Other
gender-undisclosed = Prefers not to say

substance-alcohol = Alcohol
substance-tobacco = Tobacco
substance-cannabis = Cannabis (ganja, bhang, charas)
substance-opioids = Opioids (heroin, smack, painkillers)
substance-sedatives = Sedatives (sleeping pills)
substance-stimulants = Stimulants
substance-inhalants = Inhalants (solvents, whitener)

## Discharge

discharge-button = Discharge…
discharge-title = Discharge { $name }?
discharge-explain = This moves { $name } to aftercare and records today as the discharge date.
discharge-keeps = They keep their account, their alumni groups and their mentor. If they need to come back, you can change their stage again later.
discharge-confirm = Yes, discharge
discharge-cancel = Cancel

## Staff and accounts (admins)

users-title = Staff and accounts
users-list = Accounts
users-current-role = Role:
users-change-role-for = New role for { $name }
users-change-role = Change role
users-role-changed = The role is changed.
users-own-role = You cannot change your own role; ask another admin.
users-still-facilitates = { $name } still runs these groups: { $groups }.
users-still-mentors = { $name } still mentors: { $mentees }.
users-hand-over = Hand these over to someone else first, then change the role.
users-new = Add a staff account
users-new-intro = For counsellors, admins, peer mentors and family members. To admit a member, use
users-role = Role
users-login = Username
users-password = Password
users-password-hint = At least 8 characters. Tell it to the person; they can sign in at once.
users-display-name = Name shown to others
users-full-name = Full name
users-phone = Phone number
users-language = Language of the app
users-new-submit = Add account
users-created = The account is created.

## Forms

form-optional = optional
form-choose = Choose…
form-errors-title = Please correct the following:
form-error-prefix = Error:

## Field errors (codes from Saathi's rules)

err-invalid = This is not valid.
err-required = Please fill this in.
err-too_long = This is too long.
err-too_short = This is too short.
err-bad_characters = Use only letters, digits, dots, dashes and underscores.
err-unknown = Please choose one of the options.
err-implausible = This does not look right. Please check it.
err-in_future = This date is in the future.
err-bad_date = Please enter a date as DD-MM-YYYY.
err-bad_phone = Enter a phone number of digits only, for example 9812345678.
err-too_many = Too many entries: at most 10.
err-bad_item = Each entry needs a name of at most 40 characters.
err-taken = This is already in use by another account.
err-not_a_counselor = Choose a counsellor of this centre.
err-use_discharge = Aftercare starts with a discharge. Use the Discharge button on this page instead.
err-not_possible = This change is not possible for this account.
err-changed_meanwhile = Someone else changed this while you were editing. It now shows their value: check it, change it again if you need to, and save.
err-settings-changed_meanwhile = Someone else changed this group's settings while you were editing, so nothing was saved. Your changes are still in the form: look at the group's page for theirs, then save again to replace them with yours.
err-own_mentor = Nobody can be their own mentor. Choose another peer mentor.
err-not_a_number = Please enter a number, for example 1990.
err-out_of_range = This number is out of range.
err-bad_name = Each helpline needs a name.
err-login-too_short = The username needs at least 3 characters.
err-login-too_long = The username can have at most 64 characters.
err-login-taken = This username is already taken. Please choose another.
err-phone-taken = This phone number already belongs to another account.
err-password-too_short = The password needs at least 8 characters.
err-password-too_long = The password can have at most 256 characters.
err-birth_year-implausible = Please enter a year of birth between 100 and 10 years ago.
err-birth_year-required = Please enter the year of birth.
err-sobriety_start-in_future = The sober date cannot be in the future.
err-sobriety_start-implausible = This date is too long ago. Please check the year.
err-gender-unknown = Please choose a gender (or “Prefers not to say”).
err-language-unknown = Please choose a language.
err-stage-unknown = Please choose a stage.
err-q-too_long = The search is too long: at most 100 characters.
err-substances-too_many = At most 10 substances.
err-role-unknown = Please choose a role.

## Error pages

error-forbidden-title = Not allowed
error-forbidden = Your account cannot open this page. If you think it should, ask your centre's admin.
error-not-found-title = Page not found
error-not-found = This page does not exist, or it belongs to another centre.
error-bad-request-title = Something was wrong with the request
error-bad-request = Please go back and try again.
error-conflict-title = That did not work
error-conflict = Someone may have changed this at the same time. Please reload and try again.
error-invalid-title = That did not work
error-invalid = Some of what was sent is not valid. Please go back and check it.
error-rate-limited-title = Please wait
error-rate-limited = Too many tries in a short time. Please wait a few minutes and try again.
error-internal-title = Something went wrong
error-internal = Saathi could not finish this. Please try again in a moment; if it keeps happening, tell your centre's admin.
error-already-discharged-title = Already discharged
error-already-discharged = This member has already been discharged.
error-stage-changed-title = Changed meanwhile
error-stage-changed = Someone else changed this member's stage just now, so nothing was saved. Open the member again and make your change there.
error-too-large-title = Too long to send
error-too-large = What you wrote is too long to send in one go. Go back, shorten it or split it in two, and send again.
error-go-home = Go to the home page
error-go-login = Go to sign in

## The accounts list's filter

users-filter-label = Show accounts
users-filter-all = All
users-filter-admin = Admins
users-filter-counselor = Counsellors
users-filter-peer_mentor = Peer mentors
users-filter-member = Members
users-filter-family = Family
users-none = No accounts here.

## Groups: the list

groups-title = Groups
groups-title-own = Your groups
groups-add = New group
groups-none = No groups yet. Start one with “New group”.
groups-none-own = You are not in a group yet.
groups-caption = The centre's groups
groups-col-name = Group
groups-col-kind = Kind
groups-col-modality = Where
groups-col-places = Places taken
groups-col-waitlist = Waiting
groups-places = { $taken } of { $capacity }
groups-waitlisted = On the waitlist, place { $position }
groups-member = Member
groups-facilitator = You facilitate
groups-closed = Closed
groups-leave-waitlist = Leave the waitlist…
groups-left = You have left the group.
back-to-groups = ← All groups
back-to-group = ← Back to { $name }

## Kinds of group, and where they meet

group-kind-psychoeducational = Psychoeducation
group-kind-skills = Skills training
group-kind-cbt = CBT (cognitive behavioural therapy)
group-kind-support = Support group
group-kind-twelve_step = Twelve-step group
group-kind-smart_recovery = SMART Recovery
group-kind-therapeutic_community = Therapeutic community
group-kind-expressive_arts = Expressive arts
group-kind-activity = Activity (yoga, meditation)
group-kind-family = Family group
group-kind-alumni = Alumni group
group-modality-in_person = In person
group-modality-online = Online
group-modality-hybrid = Hybrid (in person and online)

weekday-mo = Monday
weekday-tu = Tuesday
weekday-we = Wednesday
weekday-th = Thursday
weekday-fr = Friday
weekday-sa = Saturday
weekday-su = Sunday

## The group form

group-new-title = New group
group-edit-title = Edit { $name }
group-new-intro = Groups are small by design: 5 to 12 people. Everything here can be changed later.
group-name = Name of the group
group-name-hint = For example: Women's evening circle
group-kind = Kind of group
group-modality = Where it meets
group-capacity = Places
group-capacity-hint = From 5 to 12. When the group is full, new members join a waitlist and move up when a place frees.
group-eligibility = Who may join
group-eligibility-intro = Leave a part empty to let anyone join.
group-stages = Stages
group-genders = Genders
group-min-age = Youngest age
group-max-age = Oldest age
group-age-range = Ages
group-languages = Languages spoken in the group
group-schedule = Schedule
group-schedule-intro = Tick the days the group meets each week. Leave them all empty for a group without a fixed schedule: you then add sessions one by one.
group-weekdays = Days of the week
group-start-time = Starts at
group-start-time-hint = 24-hour time, for example 18:00
group-duration = Length in minutes
group-duration-hint = From 15 to 480, for example 90
group-starts-on = First day of the schedule
group-starts-on-hint = Sessions are planned from this day (DD-MM-YYYY).
group-rrule-open = Advanced: another repeat rule
group-rrule = Repeat rule (RRULE)
group-rrule-hint = Only when ticking days is not enough, for example FREQ=WEEKLY;INTERVAL=2;BYDAY=SA for every other Saturday. It replaces the ticked days.
group-facilitators = Facilitators
group-facilitators-hint = Counsellors and peer mentors who run the sessions.
group-open = Open to new members
group-agreement = Group agreement
group-agreement-hint = Members read and accept this before their first session.
group-agreement-default = What is shared in the group stays in the group. We listen without interrupting, speak from our own experience, and treat each other with respect. We come sober, on time, and say so when we cannot come.
group-create = Create group
group-save = Save changes
group-created = The group is created.
group-saved = The changes are saved.

## A group's page

group-details = About the group
group-edit = Edit group
group-schedule-weekly = Every { $days } at { $time }, { $minutes } minutes
group-schedule-rule = By the rule { $rule }, at { $time }, { $minutes } minutes
group-schedule-none = No fixed schedule: sessions are added one by one.
group-places = Places
group-waiting-count =
    { $count ->
        [one] { $count } waiting
       *[other] { $count } waiting
    }
group-anyone = Anyone
group-ages = { $min } to { $max } years
group-ages-min = { $min } years and older
group-ages-max = Up to { $max } years
group-new-members = New members
group-open-yes = Welcome
group-open-no = Closed for now
group-members-title = Members
group-members-none = Nobody has joined yet.
group-joined = joined { $date }
group-agreement-yes = agreement accepted
group-agreement-no = agreement not yet accepted
group-override-note = added despite the rules: { $reason }
group-remove = Remove
group-waitlist-title = Waitlist
group-waitlist-none = Nobody is waiting.
group-waitlist-position = Place { $position }
group-back = ← Back to the group
form-cancel = Cancel

## Enrolment

group-enrol-title = Add a member
group-enrol-search = Find a member by name
group-enrol-search-submit = Find
group-enrol-choose = Choose the member
group-enrol-none-found = No member outside this group matches “{ $q }”.
group-enrol-submit = Add to the group
group-enrol-pick = Please choose a member first.
group-enrol-full = The group is full: a new member goes on the waitlist.
group-enrolled = The member has joined the group.
group-waitlisted = The group is full: the member is on the waitlist, place { $position }.
group-already-in = This member is already in the group or on its waitlist.
group-ineligible-title = { $name } cannot join this group:
group-reason-stage = { $name } is in { $stage }; this group is for { $stages }.
group-reason-gender = This group is for: { $genders }.
group-reason-age_unknown = { $name }'s year of birth is not recorded, and this group is for an age range.
group-reason-too_young = { $name } is younger than { $min }, the youngest age for this group.
group-reason-too_old = { $name } is older than { $max }, the oldest age for this group.
group-reason-language = This group is held in { $languages }; { $name } speaks { $language }.
group-reason-closed = The group is closed to new members.
group-override-title = Add anyway
group-override = Why this member should join anyway
group-override-hint = Required. Saathi keeps this reason with the enrolment.
group-override-submit = Add anyway, with this reason

## Leaving and removal

group-leave = Leave this group…
group-leave-title = Leave { $group }?
group-leave-explain = You will lose your place. To come back later, ask your counsellor; you may have to wait for a free place.
group-leave-confirm = Yes, leave the group
group-remove-title = Remove { $name } from { $group }?
group-remove-explain = { $name } loses their place. The first person on the waitlist, if anyone, gets it.
group-remove-confirm = Yes, remove
group-removed = The member is removed from the group.
group-promoted = { $name } moved up from the waitlist and has a place now.

## The member's part: the agreement and check-in

group-agreement-title = The group agreement
group-agreement-accept = I accept the group agreement
group-agreement-accepted = You accepted the agreement on { $date }.
group-agreement-first = Please read the agreement and accept it before your first session.
group-agreement-thanks = Thank you. You have accepted the group agreement.
group-checkin-title = Check in to the session
group-checkin-session = Session: { $when }
group-checkin-code = Check-in code
group-checkin-code-hint = The 6 digits your facilitator shows.
group-checkin-submit = Check in
group-checked-in-present = You are checked in. Welcome!
group-checked-in-late = You are checked in (a little late). Welcome!
group-checkin-not-open = Check-in opens 15 minutes before the session.
group-checkin-closed = This session has ended.
group-checkin-cancelled = This session was cancelled.
group-checkin-agreement = Please accept the group agreement first.

## Sessions of a group

group-sessions-title = Sessions
group-sessions-upcoming = Coming up (next 30 days)
group-sessions-recent = Recent (last 30 days)
group-sessions-none-upcoming = No sessions in the next 30 days.
group-sessions-none-recent = No sessions in the last 30 days.
group-session-cancelled = cancelled
group-session-new = Add a session
group-session-date = Date
group-session-time = Starts at
group-session-topic = Topic
group-session-duration = Length in minutes
group-session-duration-hint = Leave empty for the group's usual length (or 90 minutes).
group-session-create = Add session

topic-none = No topic set
topic-triggers = Triggers
topic-emotional_awareness = Emotional awareness
topic-communication = Communication
topic-stress = Handling stress
topic-relapse_prevention = Relapse prevention
topic-family = Family
topic-cravings = Cravings
topic-anger = Anger
topic-grief_and_loss = Grief and loss
topic-self_esteem = Self-esteem
topic-sleep_and_health = Sleep and health
topic-work_and_money = Work and money
topic-boundaries = Boundaries
topic-gratitude = Gratitude
topic-spirituality = Spirituality
topic-living_sober = Living sober

## A session (the facilitator's page)

session-title = { $group }, { $date }
session-jump = On this page
session-back = ← Back to the session
session-someone = Someone who left the group
session-cancelled = This session is cancelled.
session-is-cancelled = This session is cancelled: restore it first.
session-restore = Restore the session
session-restored = The session is restored.
session-code-title = Check-in code
session-code-hint = Members type this code on their phone to check themselves in, from 15 minutes before the start until the end.
session-attendance-title = Attendance
session-attendance-none = No member has a place in this group yet.
session-attendance-not-recorded = not recorded
session-attendance-self = { $status }, checked in themselves
session-attendance-save = Save attendance
session-attendance-saved = Attendance is saved.
session-agreement-required = { $name } has not accepted the group agreement yet, so can only be marked absent or excused for now.
attendance-present = Present
attendance-late = Late
attendance-absent = Absent
attendance-excused = Excused
session-change-title = Date, time and topic
session-change-open = Move the session or change its topic
session-change-submit = Save
session-changed = The session is changed.
session-cancel = Cancel this session…
session-cancel-title = Cancel the session of { $when }?
session-cancel-explain = Members see it as cancelled, and nobody can check in. You can restore it later.
session-cancel-confirm = Yes, cancel the session
session-cancel-keep = No, keep it
session-cancelled-done = The session is cancelled.

## The sharing circle

circle-title = Sharing circle
circle-intro = Everyone present gets a turn; passing is fine.
circle-empty = The circle is for those present or late: record attendance first.
circle-not-yet = Not yet shared
circle-everyone-shared = Everyone has had a turn.
circle-next-round = Next speaker (in order)
circle-next-random = Next speaker (random)
circle-speaker = Now speaking: { $name }
circle-minutes = Minutes spoken
circle-minutes-hint = For example 3, 2.5 or 2:30
circle-record = Record the share
circle-pass = { $name } passes
circle-timer-label = Time spoken
circle-timer-start = Start timer
circle-timer-stop = Stop and record
circle-timer-started = Timer started.
circle-turn-saved = The turn is recorded.
circle-turn-passed = passed
circle-turns-title = Turns so far
circle-talk-title = Talk time
circle-seconds =
    { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }
circle-balance-title = Participation balance
circle-balance-even = even
circle-balance-uneven = somewhat uneven
circle-balance-dominated = dominated by a few voices
circle-balance-none = nobody has spoken yet
circle-balance-explain = 0 means everyone spoke for the same time; near 1 means one person did most of the talking.

## Confidential notes

notes-title = Confidential session note
notes-confidential = Only counsellors of this centre can read notes, and every read is recorded.
notes-after = The note is written after the session.
notes-open = Write or read the note now
notes-write = Write the note
notes-group = Group note
notes-group-hint = What happened in the session, for the team. It stays here: it is not copied into anyone's record.
notes-part = Part for { $name }
notes-part-hint = A few lines for { $name }'s own record, without what others shared.
notes-written-meanwhile = Someone else wrote this note while you were typing, so yours was not saved. Your text is kept here: add it to their note as an amendment.
notes-one-to-one = { $name } needs a one-to-one (creates a follow-up task)
notes-save = Save the note
notes-saved = The note is saved.
note-title = Note
note-by = { $name }, { $date }
note-needs-one-to-one = needs a one-to-one
note-amendment = Amendment
note-signed = Signed off by { $name }, { $date }
note-sign-off = Sign off
note-signed-done = The note is signed off.
note-amend = Add an amendment
note-amend-title = Add an amendment
note-amend-submit = Add amendment
note-amended = The amendment is added.
note-back = ← Back

## A member's record: groups, attendance, notes

member-groups-title = Groups
member-groups-none = Not in any group yet.
member-attendance-title = Attendance
member-attendance-none = No attendance recorded yet.
member-attendance-rate = Attended { $attended } of { $total } sessions recorded ({ $percent }%).
member-attendance-caption = Sessions, newest first
member-attendance-when = Session
member-attendance-group = Group
member-attendance-status = Attendance
member-notes-title = Confidential notes
member-notes-none = No notes yet.
member-note-own = Note
member-note-session = From a group session
member-note-add = Add a note
member-note-body = Note
member-note-hint = For counsellors only. Write what the team needs to know.
member-note-one-to-one = Needs a one-to-one (creates a follow-up task)
member-note-submit = Save the note
member-note-saved = The note is saved.

## Home: groups and follow-ups

home-member-groups-title = Your groups
home-member-groups-none = You are not in a group yet. Your counsellor will add you.
home-member-next = Next session: { $when }
home-member-next-none = No session planned yet.
home-member-agreement = Please accept the group agreement
home-followups-title = One-to-one talks to have
home-followups-none = No open follow-ups.
home-followup-since = flagged { $date }
home-followup-done = Done
home-followup-completed = The follow-up is marked done.
home-admin-groups-about = groups, their members and sessions

## Field errors of groups, sessions and notes

err-bad_time = Please enter a time as HH:MM, for example 18:00.
err-min_above_max = The youngest age is above the oldest age.
err-not_a_facilitator = Choose counsellors or peer mentors of this centre.
err-not_enrolled = This person does not have a place in the group.
err-not_attending = This person is not marked present or late.
err-needs_member = A one-to-one is flagged on a member's part, not on the group note.
err-bad_range = This range of dates is not possible.
err-bad_count = Please choose at least one.
err-wrong_code = This code is not right.
err-name-required = Please give the group a name.
err-kind-unknown = Please choose the kind of group.
err-modality-unknown = Please choose where the group meets.
err-capacity-out_of_range = A group has from 5 to 12 places.
err-capacity-not_a_number = Please enter a number from 5 to 12.
err-min_age-out_of_range = Ages go from 0 to 120.
err-min_age-min_above_max = The youngest age is above the oldest age.
err-min_age-not_a_number = Please enter an age in years, for example 18.
err-max_age-not_a_number = Please enter an age in years, for example 25.
err-start_time-bad_time = Please enter the start time as HH:MM, for example 18:00.
err-duration-out_of_range = A session lasts from 15 to 480 minutes.
err-duration-not_a_number = Please enter the length in minutes, for example 90.
err-rrule-invalid = Saathi cannot read this rule. Tick days above instead, or check the rule.
err-facilitators-required = Choose at least one facilitator.
err-facilitators-not_a_facilitator = Choose counsellors or peer mentors of this centre.
err-date-bad_date = Please enter a date as DD-MM-YYYY.
err-topic-unknown = Please choose a topic from the list.
err-records-bad_count = Please choose a status for at least one member.
err-minutes-required = Enter how long they spoke, or press the pass button.
err-minutes-not_a_number = Please enter minutes, for example 3 or 2:30.
err-minutes-out_of_range = One share can last at most 60 minutes.
err-member_id-not_attending = This person is not marked present or late.
err-code-wrong_code = This code is not right. Please check the 6 digits and try again.
err-override_reason-required = Please write why this member should join anyway.
err-override_reason-too_long = The reason can have at most 500 characters.
err-group_note-required = Please write the group note.
err-group_note-too_long = The group note is too long: at most 10,000 characters.
err-body-required = Please write the note.
err-body-too_long = This is too long for a note.

## Celebrations on the facilitator's session page
celebrate-title = To celebrate today
celebrate-since = Milestones reached since the last session ({ $date }), by members who share them with their groups.
celebrate-none = No milestones to celebrate since the last session.
celebrate-line = { $name }: { $days ->
    [one] 1 day sober
   *[other] { $days } days sober
} ({ $date })

## A member's choice on their home: may their groups celebrate their milestones
sharing-milestones-on = Your groups celebrate your milestones with you (they see the day you reach one).
sharing-milestones-off = Your milestones are private. You can let your groups celebrate them with you.
sharing-milestones-start = Let my groups celebrate my milestones
sharing-milestones-stop = Keep my milestones private
sharing-saved = Your choice is saved.

member-checkins-link = Every check-in, day by day

goals-sharing-stop = Stop showing this goal to the group
goals-sharing-stop-explain = The group will no longer see it, or its cheers, in any week — past weeks included. You can show it again later.
goals-sharing-start = Show this goal to the group
goals-sharing-stopped = Your group no longer sees this goal, this week or in any past week.
goals-sharing-started = Your group can see this goal again and cheer you on.
err-visible_to_group-not_in_group = You are no longer in this goal's group, so it cannot be shown to it.
