# The centre's shared tablet (kiosk).

kiosk-title = Sign in at the centre's tablet
kiosk-intro = Type your member code and your PIN. Your counsellor gave them to you.
kiosk-code = Member code
kiosk-code-hint = 6 digits.
kiosk-pin = PIN
kiosk-pin-hint = 4 to 6 digits. Cover the screen while you type it.
kiosk-submit = Sign in
kiosk-forgot = Forgot your code or PIN? Ask a counsellor: they can give you a new PIN.
kiosk-wrong = The member code or PIN is not right. Please try again.
kiosk-locked = Too many wrong tries for this code. Please wait { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
} or ask a counsellor.
kiosk-device-locked = Too many wrong tries on this tablet. Please ask a counsellor, or wait { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
} before anyone signs in here.
kiosk-enrolled = This tablet is now the centre's kiosk. Residents can sign in here with their member code and PIN.
kiosk-signed-out = You are signed out. Thank you!
kiosk-not-set-up-title = This tablet is not set up as a kiosk
kiosk-not-set-up = Residents sign in here with a member code and PIN only on a tablet the centre has set up.
kiosk-not-set-up-staff = Staff: sign in on this tablet as a counsellor or admin and turn it into a kiosk.
kiosk-setup-link = Set up this tablet
kiosk-home-title = Welcome
kiosk-home-hello = Hello, { $name }
kiosk-home-intro = What would you like to do? You will be signed out by yourself after a short while.
kiosk-home-session = Session of { $group }
kiosk-home-no-session = No session is open for check-in right now.
kiosk-sign-out = Sign out
kiosk-stay = Stay signed in
kiosk-idle-warning = You will be signed out in { $seconds } seconds. Tap to stay.
kiosk-setup-title = Shared tablets (kiosks)
kiosk-setup-enrol = Turn this tablet into a kiosk
kiosk-setup-explain = Residents without a phone can then sign in on it with a member code and PIN, for a check-in or a session. You will be signed out of this tablet at once.
kiosk-setup-name = Name of this tablet
kiosk-setup-name-hint = For example “Common room tablet”.
kiosk-setup-submit = Turn into a kiosk and sign me out
kiosk-setup-this-device = This tablet is already a kiosk: { $name }.
kiosk-setup-list = The centre's kiosks
kiosk-setup-none = No tablet is set up yet.
kiosk-setup-enrolled-by = Set up { $when } by { $name }
kiosk-setup-last-used = Last sign-in: { $when }
kiosk-setup-revoked-badge = revoked
kiosk-setup-revoked-at = Revoked { $when }
kiosk-setup-revoke = Revoke { $name }
kiosk-revoked = The tablet is revoked: no one can sign in on it any more.
kiosk-back = Back to the kiosks
kiosk-revoke-title = Revoke this kiosk?
kiosk-revoke-explain = No one will be able to sign in on “{ $name }” any more. To use it again, set it up anew.
kiosk-revoke-confirm = Yes, revoke it
kiosk-revoke-keep = No, keep it
kiosk-member-title = Kiosk sign-in of { $name }
kiosk-member-back = Back to { $name }
kiosk-member-explain = A member code and PIN let this member sign in on the centre's tablet for a check-in or a session. The code stays the same; a new PIN replaces the old one.
kiosk-member-status = Now
kiosk-member-has-code = Member code: { $code }
kiosk-member-set = PIN set { $when } by { $name }
kiosk-member-none = This member cannot sign in on a tablet yet.
kiosk-member-set-up = Set up kiosk sign-in
kiosk-member-reset = Give a new PIN
kiosk-member-pin = New PIN
kiosk-member-pin-hint = 4 to 6 digits, not 1234 or 1111. Leave it empty and Saathi makes one up.
kiosk-member-set-submit = Set up
kiosk-member-reset-submit = Save the new PIN
kiosk-member-saved = Kiosk sign-in saved.
kiosk-member-issued = Give these to the member
kiosk-member-issued-once = The PIN is shown only now. Saathi keeps only a scrambled copy and cannot show it again.
kiosk-member-issued-typed = The PIN is the one you typed. Saathi keeps only a scrambled copy.
kiosk-member-remove = Remove kiosk sign-in
kiosk-member-remove-explain = The member can then no longer sign in on a tablet (their own phone still works).
kiosk-member-remove-submit = Remove kiosk sign-in
kiosk-member-removed = Kiosk sign-in removed.
kiosk-member-link = Kiosk sign-in (member code and PIN)
kiosk-member-link-none = No member code for the centre's tablet yet.
err-pin-pin_digits = Use digits only.
err-pin-pin_length = The PIN needs 4 to 6 digits.
err-pin-pin_guessable = This PIN is too easy to guess. Please choose another.
err-pin-kiosk_members_only = Only members can sign in on a kiosk.
