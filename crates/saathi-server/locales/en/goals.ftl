## Weekly goals: the member's page (/goals) and the "This week's goals"
## section of a group's page.

goals-title = My goals
goals-week-of = Week of { $date } (Monday to Sunday)
goals-this-week = This week's goals
goals-none = You have no goals yet. Set a small one for this week below.
goals-done = Done { $done } of { $target } { $target ->
        [one] time
       *[other] times
    } this week
goals-status-met = Met
goals-status-partly = Partly met
goals-status-not = Not yet
goals-private = Only you (and your counsellor) can see this goal.
goals-group-left = a group you have left
goals-shared-with = Shared with { $group }: its members can see it and cheer you on.
goals-in-group-private = Set in { $group }, but not shown to the group.
goals-cheers = { $count ->
        [one] 1 cheer
       *[other] { $count } cheers
    } from the group this week
goals-cheers-none = No cheers yet this week.
goals-note = A few words about it
goals-plus-one = +1 done
goals-end = End this goal
goals-end-explain = An ended goal stops counting from this week. The weeks you already did are kept.
goals-end-confirm = Yes, end “{ $title }”

goals-new = Set a new goal
goals-new-hint = Keep it small and clear, like “Walk for 20 minutes” or “Call home twice a week”.
goals-field-title = Your goal
goals-field-title-hint = At most 120 characters.
goals-field-target = How often?
goals-times-a-week = { $count ->
        [one] Once a week
       *[other] { $count } times a week
    }
goals-field-group = In front of which group?
goals-field-group-hint = Choose one of your groups, or keep it just for you.
goals-group-none = No group — just for me
goals-field-visible = Let my group see this goal
goals-field-visible-hint = Your group's members can see how you are doing and cheer you on.
goals-no-groups = You are not in a group yet, so this goal stays between you and your counsellor.
goals-set = Set the goal

goals-created = Your goal is set. You can do it!
goals-progress-saved = Well done! It is counted.
goals-met-now = Wonderful — you have met this goal for the week!
goals-ended = The goal is ended. Its past weeks are kept.
goals-cheered = You cheered them on. That means a lot.

goals-group-title = This week's goals
goals-group-empty = Nobody has shared a goal with this group this week yet.
goals-group-set = Set a goal in front of the group
goals-cheer = Cheer
goals-you-cheered = You cheered

err-title-required = Please write your goal, for example “Walk for 20 minutes”.
err-title-too_long = Please keep the goal short: at most 120 characters.
err-target_per_week-out_of_range = Choose from once to 21 times a week.
err-group_id-not_in_group = Choose one of the groups you are in.
err-visible_to_group-needs_group = To let a group see this goal, first choose the group.
err-goal_count-out_of_range = That could not be counted. Please press the button again.
err-goal_note-too_long = The note is too long: at most 500 characters.
