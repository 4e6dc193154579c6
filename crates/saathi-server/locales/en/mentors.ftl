## Peer mentors: the "Peer mentor" card of a member's record (staff) and
## "My mentees" on a peer mentor's home page.

mentor-title = Peer mentor
mentor-current = { $name } is this member's peer mentor.
mentor-since = Paired since { $date }
mentor-end = End this pairing
mentor-end-explain = The mentor will no longer see this member's days sober. The pairing stays in the record's history. You can pair the member with a mentor again at any time.
mentor-end-confirm = Yes, end the pairing with { $name }
mentor-none = This member has no peer mentor yet.
mentor-choose = Peer mentor
mentor-choose-hint = Each mentor can have at most { $capacity } mentees at a time.
mentor-option = { $name } ({ $count } of { $capacity })
mentor-pair = Pair
mentor-no-mentors = The centre has no peer mentors yet. An admin can add one on the Users page.
mentor-paired = The peer mentor has been paired with this member.
mentor-ended = The pairing has ended.
mentor-error-choose = Choose a peer mentor.
mentor-error-full = This mentor already has { $capacity } mentees, the centre's limit. Choose another mentor.
mentor-error-already-mentored = This member already has a peer mentor. End that pairing first.
mentor-error-not-a-mentor = This person is not an active peer mentor of the centre.
mentor-error-discharged = This member has been discharged and is not in aftercare, so cannot be paired.
mentor-error-already-ended = This pairing has already ended.
mentees-title = My mentees
mentees-none = You have no mentees yet. A counsellor will pair you with someone.
mentees-intro = The members you support as a peer mentor.
