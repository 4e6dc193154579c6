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
