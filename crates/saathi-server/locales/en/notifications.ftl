## Notifications: their words (made from the kind, never from content),
## the /notifications page, the header link and the e-mail.

notif-kind-safety_alert = A safety alert needs your attention.
notif-kind-message_report = A message was reported in a room you moderate.
notif-kind-muted = A moderator has muted you in a room for a while.
notif-kind-mentee_lapse = Someone you mentor has recorded a lapse. Please reach out to them.
notif-kind-session_reminder = A group session you are in starts within the hour.
notif-kind-new_message = New message in Saathi
notif-kind-other = You have a new notification in Saathi.

notif-title = Notifications
notif-header-link = { $count ->
        [0] Notifications
        [one] Notifications (1 unread)
       *[other] Notifications ({ $count } unread)
    }
notif-unread-count = { $count ->
        [0] Nothing unread.
        [one] 1 unread notification.
       *[other] { $count } unread notifications.
    }
notif-none = You have no notifications yet.
notif-unread = Unread
notif-read = Read
notif-open = Open
notif-mark-read = Mark as read
notif-mark-all-read = Mark all as read
notif-older = Older notifications
notif-newest = Back to the newest
notif-privacy = Notifications never show what anyone wrote, so they are safe to see on a lock screen or in an e-mail.
notif-marked = Marked as read.

notif-email-subject = New notification in Saathi
notif-email-footer = Sign in to Saathi to see it. For your privacy this e-mail carries no details.

## One's own e-mail address for notifications (on /notifications).
notif-email-title = E-mail for notifications
notif-email-label = Your e-mail address
notif-email-hint = An e-mail only says that something new is waiting in Saathi: it never carries what anyone wrote. Leave this empty to get no e-mails.
notif-email-save = Save e-mail address
notif-email-saved = Your e-mail address is saved.
notif-email-removed = No e-mails will be sent to you.
err-email-bad_email = This does not look like an e-mail address. Write it like name@example.com, or leave it empty.

## The centre's webhook (/admin/webhook, admins).
webhook-title = Webhook for SMS or WhatsApp
home-admin-webhook-about = send notifications to the centre's SMS or WhatsApp gateway
webhook-back = Back to home
webhook-intro = Saathi can send every notification to your centre's SMS or WhatsApp gateway. Each call is signed with a secret you choose.
webhook-now = Now
webhook-none = No webhook is set: notifications are not sent to a gateway.
webhook-url = Gateway address (URL)
webhook-url-hint = Starts with http:// and points to a gateway on your centre's own network, for example http://192.168.1.20:8080/sms
webhook-secret = Secret
webhook-secret-hint = 16 to 256 characters, also entered in the gateway. It is never shown again: enter it each time you save.
webhook-set-on = Set on { $when }
webhook-set = Set the webhook
webhook-change = Change the webhook
webhook-save = Save webhook
webhook-saved = The webhook is saved.
webhook-removed = The webhook is removed. Notifications are no longer sent to a gateway.
webhook-privacy = Every call carries only the kind of notification and ids, never what anyone wrote.
webhook-remove = Remove the webhook
webhook-remove-title = Remove the webhook?
webhook-remove-explain = Notifications will no longer be sent to { $url }. Calls still waiting will fail.
webhook-remove-confirm = Yes, remove it
webhook-remove-keep = No, keep it
err-url-bad_url = Please enter an address like http://192.168.1.20:8080/sms
err-url-https_unsupported = Saathi cannot call https:// addresses. Use an http:// gateway on your centre's own network.
err-secret-length = The secret needs 16 to 256 characters.
err-secret-bad_characters = The secret cannot contain line breaks or other control characters.
