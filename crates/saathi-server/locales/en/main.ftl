# Saathi web pages: English.
# Every message here must also be in ../hi/main.ftl (a test checks).

app-name = Saathi
skip-to-content = Skip to main content
language-switch = Language
nav-label = Main menu
nav-home = Home
nav-members = Members
nav-users = Staff and accounts
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
