//! The chat pages without JavaScript: a member writes in Hindi in their
//! group's room and a peer reads in English; mistakes come back in the
//! writer's language; a member of another group is refused; a moderator
//! hides and mutes; the writer of a crisis message (only) sees the
//! helplines. (A child of `page_tests`, for its helpers.)

use super::*;

/// Every form that posts carries the CSRF token.
fn every_post_form_has_csrf(html: &str) {
    let posts = html.matches("method=\"post\"").count();
    assert!(posts > 0);
    assert_eq!(html.matches("name=\"_csrf\"").count(), posts, "one _csrf per form");
}

/// The id of the first room linked from a `/rooms` page.
fn first_room(html: &str) -> String {
    html.split("href=\"/rooms/").nth(1).and_then(|s| s.split('"').next()).unwrap_or("").to_string()
}

/// The id of the message a post's redirect points at (`#m-<id>` or `support=<id>`).
fn message_in(location: &str) -> String {
    if let Some(s) = location.split("support=").nth(1) {
        return s.split(['&', '#']).next().unwrap_or("").to_string();
    }
    location.split("#m-").nth(1).unwrap_or("").to_string()
}

/// A group with Ravi (Hindi) and Sita (English), run by Meera; Kiran is in no group.
struct Circle {
    app: App,
    room: String,
    ravi: String,
}

async fn circle() -> Circle {
    let app = App::new(true).await;
    let meera = app.user(Role::Counselor, "meera", "Meera", "en").await;
    let stage = saathi_domain::Stage::Rehabilitation;
    let ravi = app.member("ravi", "Ravi", "male", 1990, "hi", stage, Some(&meera)).await;
    let sita = app.member("sita", "Sita", "female", 1995, "en", stage, Some(&meera)).await;
    app.member("kiran", "Kiran", "male", 1992, "en", stage, Some(&meera)).await;
    let mut cb = app.sign_in("meera").await;
    let group = app.open_group(&mut cb, "Saathi Circle", &[&meera]).await;
    for m in [&ravi, &sita] {
        assert_eq!(app.enrol(&mut cb, &group, m).await.location, format!("/groups/{group}?done=enrolled"));
    }
    let mut rb = app.sign_in("ravi").await;
    let p = app.get(&mut rb, "/rooms").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.html);
    let room = first_room(&p.html);
    assert!(!room.is_empty(), "{}", p.html);
    Circle { app, room, ravi }
}

#[tokio::test]
async fn a_member_writes_in_hindi_without_javascript_and_a_peer_reads_in_english() {
    let Circle { app, room, .. } = circle().await;
    let page = format!("/rooms/{room}");
    let post = format!("/rooms/{room}/messages");

    // Home links to the rooms; the list is in Hindi.
    let mut rb = app.sign_in("ravi").await;
    let p = app.get(&mut rb, "/home").await;
    assert!(p.html.contains("href=\"/rooms\""), "home links to the chat rooms");
    let p = app.get(&mut rb, "/rooms").await;
    assert_eq!(lang_of(&p.html), "hi");
    assert!(p.html.contains("चैट रूम"));
    assert!(p.html.contains("Saathi Circle"));
    assert!(p.html.contains(&Lang::Hi.t("chat-kind-group")));

    // The room, empty, in Hindi, with a post form.
    let p = app.get(&mut rb, &page).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.html);
    assert_eq!(lang_of(&p.html), "hi");
    assert!(p.html.contains(&Lang::Hi.t("chat-empty")));
    assert!(p.html.contains(&format!("action=\"/rooms/{room}/messages\"")));
    assert!(p.html.contains("aria-live=\"polite\""));
    assert!(p.html.contains("/assets/chat.js?v="));
    let csp = p.headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(csp.contains("connect-src 'self'") && csp.contains("default-src 'none'"), "{csp}");
    every_post_form_has_csrf(&p.html);

    // Mistakes come back in Hindi, with the text as typed.
    let p = app.post(&mut rb, &post, &[("body", "   ")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains(&Lang::Hi.t("chat-err-body-required")), "{}", p.html);
    assert!(p.html.contains("aria-invalid=\"true\""));
    let long = "न".repeat(2001);
    let p = app.post(&mut rb, &post, &[("body", &long)]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains(&Lang::Hi.t("chat-err-body-too_long")));
    assert!(p.html.contains(&long), "the text is kept");

    // A message with markup and a link: stored as written, shown as text.
    let text = "<b>नमस्ते</b> सब लोग https://example.com/x";
    let p = app.post(&mut rb, &post, &[("body", text)]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert!(p.location.starts_with(&format!("/rooms/{room}#m-")), "{}", p.location);
    let first = message_in(&p.location);
    let p = app.get(&mut rb, &page).await;
    let body = p.html.split("class=\"msg-body\">").nth(1).and_then(|s| s.split("</p>").next()).unwrap_or("");
    assert!(body.starts_with("&#60;b&#62;नमस्ते&#60;"), "{body}");
    assert!(body.contains("सब लोग https:"), "{body}");
    assert!(!p.html.contains("<b>नमस्ते"));
    assert!(!p.html.contains("href=\"https://example.com"), "links are not made clickable");
    assert!(p.html.contains(&format!("id=\"m-{first}\"")));
    assert!(p.html.contains(&Lang::Hi.t("chat-you")));
    assert!(p.html.contains(&format!("action=\"/messages/{first}/edit\"")), "one's own: edit");
    assert!(p.html.contains(&Lang::Hi.t("chat-delete-confirm")), "delete asks first");
    assert!(!p.html.contains(&format!("action=\"/messages/{first}/report\"")), "not one's own report");

    // Sita, in English: one unread, then the message with reactions and report.
    let mut sb = app.sign_in("sita").await;
    let p = app.get(&mut sb, "/rooms").await;
    assert_eq!(lang_of(&p.html), "en");
    assert!(p.html.contains("1 unread message"), "{}", p.html);
    let p = app.get(&mut sb, &page).await;
    assert_eq!(lang_of(&p.html), "en");
    assert!(p.html.contains("&#60;b&#62;नमस्ते&#60;/b&#62;"));
    assert!(p.html.contains("Ravi"));
    assert!(p.html.contains(&format!("action=\"/messages/{first}/react\"")));
    assert!(p.html.contains(&format!("action=\"/messages/{first}/report\"")));
    assert!(!p.html.contains(&format!("action=\"/messages/{first}/edit\"")));
    assert!(!p.html.contains(&format!("action=\"/messages/{first}/hide\"")), "members do not moderate");
    every_post_form_has_csrf(&p.html);
    let p = app.get(&mut sb, "/rooms").await;
    assert!(!p.html.contains("unread"), "read once shown");

    // Sita reacts "me too" and reports it with a reason.
    let react = format!("/messages/{first}/react");
    let p = app.post(&mut sb, &react, &[("room_id", &room), ("kind", "me_too"), ("on", "1")]).await;
    assert_eq!(p.location, format!("/rooms/{room}#m-{first}"));
    let p = app.get(&mut sb, &page).await;
    assert!(p.html.contains("aria-pressed=\"true\">Me too <span class=\"count\">1</span>"), "{}", p.html);
    let p = app.post(&mut sb, &react, &[("room_id", &room), ("kind", "nope"), ("on", "1")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = app.post(&mut sb, &format!("/messages/{first}/report"), &[("room_id", &room), ("reason", "Rude")]).await;
    assert_eq!(p.location, format!("/rooms/{room}?done=reported#m-{first}"));
    let p = app.get(&mut sb, &format!("/rooms/{room}?done=reported")).await;
    assert!(p.html.contains("The moderators will look at it."));
    // Ravi sees the reaction counted, in Hindi, without a button (his own message).
    let p = app.get(&mut rb, &page).await;
    assert!(p.html.contains("मेरे साथ भी 1"), "{}", p.html);

    // Sita cannot edit or delete Ravi's message.
    let edit = format!("/messages/{first}/edit");
    assert_eq!(app.post(&mut sb, &edit, &[("room_id", &room), ("body", "x")]).await.status, StatusCode::FORBIDDEN);
    let delete = format!("/messages/{first}/delete");
    assert_eq!(app.post(&mut sb, &delete, &[("room_id", &room)]).await.status, StatusCode::FORBIDDEN);

    // Ravi edits, then deletes: "edited", then "message deleted" with no text.
    let p = app.post(&mut rb, &edit, &[("room_id", &room), ("body", "नमस्ते दोस्तों")]).await;
    assert_eq!(p.location, format!("/rooms/{room}?done=edited#m-{first}"));
    let p = app.get(&mut sb, &page).await;
    assert!(p.html.contains("नमस्ते दोस्तों"));
    assert!(p.html.contains("(edited)"));
    let p = app.post(&mut rb, &delete, &[("room_id", &room)]).await;
    assert_eq!(p.location, format!("/rooms/{room}?done=deleted#m-{first}"));
    let p = app.get(&mut sb, &page).await;
    assert!(p.html.contains("Message deleted"));
    assert!(!p.html.contains("नमस्ते दोस्तों"));
    assert!(!p.html.contains(&format!("action=\"/messages/{first}/react\"")), "nothing to react to");
    let p = app.get(&mut rb, &page).await;
    assert!(p.html.contains(&Lang::Hi.t("chat-deleted")));

    // Kiran is in no group with them: neither the room nor its forms.
    let mut kb = app.sign_in("kiran").await;
    let p = app.get(&mut kb, "/rooms").await;
    assert!(!p.html.contains(&room));
    assert_eq!(app.get(&mut kb, &page).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post(&mut kb, &post, &[("body", "hello")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&mut kb, "/rooms/not-a-room").await.status, StatusCode::NOT_FOUND);
    // Signed out: to the sign-in page and back.
    let mut nobody = Browser::default();
    let p = app.get(&mut nobody, &page).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(p.location.starts_with("/login?next="));
}

#[tokio::test]
async fn only_the_writer_of_a_crisis_message_sees_the_helplines() {
    let Circle { app, room, .. } = circle().await;
    let page = format!("/rooms/{room}");
    let mut rb = app.sign_in("ravi").await;
    let p = app.post(&mut rb, &format!("/rooms/{room}/messages"), &[("body", "ab aur nahi jeena")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert!(p.location.contains("support=") && p.location.ends_with("#support"), "{}", p.location);
    let id = message_in(&p.location);
    let p = app.get(&mut rb, &p.location).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("class=\"card support-panel\""), "{}", p.html);
    assert!(p.html.contains(&Lang::Hi.t("chat-support-title")));
    let panel = p.html.split("support-panel").nth(1).and_then(|s| s.split("</section>").next()).unwrap_or("");
    assert!(panel.contains("href=\"tel:14416\""), "tap to call: {panel}");
    assert!(panel.contains(&Lang::Hi.t("helpline-14416")));
    // The message itself is delivered as written.
    assert!(p.html.contains("ab aur nahi jeena"));

    // Sita reads it, but is never shown the writer's helplines, even with the flag.
    let mut sb = app.sign_in("sita").await;
    for uri in [page.clone(), format!("{page}?support={id}")] {
        let p = app.get(&mut sb, &uri).await;
        assert_eq!(p.status, StatusCode::OK);
        assert!(p.html.contains("ab aur nahi jeena"));
        assert!(!p.html.contains("support-panel\""), "not for a reader: {uri}");
    }
    // An everyday message: no helplines for the writer either.
    let p = app.post(&mut sb, &format!("/rooms/{room}/messages"), &[("body", "I killed it in the interview")]).await;
    assert!(!p.location.contains("support="), "{}", p.location);
    let p = app.get(&mut sb, &p.location).await;
    assert!(!p.html.contains("support-panel\""));
}

#[tokio::test]
async fn a_facilitator_hides_and_mutes_and_the_member_is_told_until_when_in_hindi() {
    let Circle { app, room, ravi } = circle().await;
    let page = format!("/rooms/{room}");
    let post = format!("/rooms/{room}/messages");
    let mut rb = app.sign_in("ravi").await;
    let p = app.post(&mut rb, &post, &[("body", "kuch bura likha")]).await;
    let id = message_in(&p.location);

    // Meera facilitates the group: she moderates its room.
    let mut cb = app.sign_in("meera").await;
    let p = app.get(&mut cb, &page).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains(&format!("action=\"/messages/{id}/hide\"")));
    assert!(p.html.contains(&format!("action=\"/rooms/{room}/mute\"")));
    assert!(p.html.contains(&format!("action=\"/rooms/{room}/warn\"")));
    every_post_form_has_csrf(&p.html);

    // A hide needs a reason (said in words), then hides.
    let hide = format!("/messages/{id}/hide");
    let p = app.post(&mut cb, &hide, &[("room_id", &room), ("reason", " ")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Please give a reason."), "{}", p.html);
    let p = app.post(&mut cb, &hide, &[("room_id", &room), ("reason", "Hurtful words")]).await;
    assert_eq!(p.location, format!("/rooms/{room}?done=hidden#m-{id}"));

    // Sita sees that a moderator hid it, not what it said.
    let mut sb = app.sign_in("sita").await;
    let p = app.get(&mut sb, &page).await;
    assert!(p.html.contains("Hidden by a moderator"), "{}", p.html);
    assert!(!p.html.contains("kuch bura likha"));
    assert!(!p.html.contains("Hurtful words"));
    assert!(!p.html.contains(&format!("action=\"/messages/{id}/react\"")));
    // Sita is no moderator.
    assert_eq!(app.post(&mut sb, &hide, &[("room_id", &room), ("reason", "x")]).await.status, StatusCode::FORBIDDEN);
    // Ravi still reads his own message, marked as hidden, in Hindi.
    let p = app.get(&mut rb, &page).await;
    assert!(p.html.contains(&Lang::Hi.t("chat-hidden")));
    assert!(p.html.contains("kuch bura likha"));

    // A mute of 0 minutes is refused in words; 30 minutes mutes.
    let mute = format!("/rooms/{room}/mute");
    let p = app.post(&mut cb, &mute, &[("member_id", &ravi), ("minutes", "0"), ("reason", "Cool down")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("A mute lasts at least 1 minute."));
    let p = app.post(&mut cb, &mute, &[("member_id", &ravi), ("minutes", "30"), ("reason", "Cool down")]).await;
    assert_eq!(p.location, format!("/rooms/{room}?done=muted"));
    let p = app.post(&mut cb, &format!("/rooms/{room}/warn"), &[("member_id", &ravi), ("reason", "Be kind")]).await;
    assert_eq!(p.location, format!("/rooms/{room}?done=warned"));
    assert_eq!(
        app.post(&mut sb, &mute, &[("member_id", &ravi), ("minutes", "5"), ("reason", "x")]).await.status,
        StatusCode::FORBIDDEN
    );

    // Ravi is told until when, in Hindi and the centre's time; no form to write with.
    let until = app.store.active_mute(&room, &ravi, now_ms()).await.expect("mute").expect("a running mute").until;
    let when = Lang::Hi.datetime(until, chrono_tz::Asia::Kolkata);
    let told = Lang::Hi.t_args("chat-muted-until", &[("when", when.as_str().into())]);
    let p = app.get(&mut rb, &page).await;
    assert!(p.html.contains(&told), "{told}\n{}", p.html);
    assert!(!p.html.contains(&format!("action=\"{post}\"")));
    let p = app.post(&mut rb, &post, &[("body", "phir se")]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.html.contains(&told));
}

#[tokio::test]
async fn the_latest_fifty_show_oldest_first_and_earlier_ones_page_back() {
    let Circle { app, room, .. } = circle().await;
    let page = format!("/rooms/{room}");
    let mut rb = app.sign_in("ravi").await;
    for i in 1..=53 {
        let p = app.post(&mut rb, &format!("/rooms/{room}/messages"), &[("body", &format!("sandesh {i:02}"))]).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER);
    }
    let p = app.get(&mut rb, &page).await;
    assert_eq!(p.html.matches("class=\"msg-body\">sandesh").count(), 50);
    let (at4, at53) = (p.html.find("sandesh 04"), p.html.find("sandesh 53"));
    assert!(at4.is_some() && at53.is_some() && at4 < at53, "oldest at the top");
    assert!(!p.html.contains("sandesh 03"));
    assert!(p.html.contains(&Lang::Hi.t("chat-load-earlier")));
    let earlier = p.html.split("class=\"chat-earlier\"><a href=\"").nth(1).and_then(|s| s.split('"').next());
    let earlier = earlier.expect("a load-earlier link").replace("&#61;", "=").replace("&amp;", "&");
    let p = app.get(&mut rb, &earlier).await;
    assert_eq!(p.status, StatusCode::OK, "{earlier}");
    assert_eq!(p.html.matches("class=\"msg-body\">sandesh").count(), 3);
    assert!(p.html.contains("sandesh 01") && p.html.contains("sandesh 03") && !p.html.contains("sandesh 04"));
    assert!(p.html.contains(&Lang::Hi.t("chat-latest")));
    assert!(!p.html.contains("id=\"post-form\""), "an earlier page is for reading");
    // A cursor that is not one of the room's messages: the latest page.
    let p = app.get(&mut rb, &format!("{page}?before=nope")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("sandesh 53"));
}

/// The `<template id="…">` of a page, as the script clones it.
fn template<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    html.split(&format!("<template id=\"{id}\">")).nth(1).and_then(|s| s.split("</template>").next())
}

#[tokio::test]
async fn live_messages_get_the_forms_the_server_would_give_and_a_muted_writer_no_edit() {
    let Circle { app, room, ravi } = circle().await;
    let page = format!("/rooms/{room}");
    let mut rb = app.sign_in("ravi").await;
    let p = app.post(&mut rb, &format!("/rooms/{room}/messages"), &[("body", "pehla sandesh")]).await;
    let id = message_in(&p.location);

    // A member: the reader's flags, and the templates of what members may do.
    let mut sb = app.sign_in("sita").await;
    let p = app.get(&mut sb, &page).await;
    assert!(p.html.contains("data-moderator=\"0\" data-muted=\"0\""), "{}", p.html);
    let reactions = template(&p.html, "tpl-reactions").expect("reactions template");
    assert_eq!(reactions.matches("action=\"/messages/MSGID/react\"").count(), 3, "{reactions}");
    for kind in ["me_too", "support", "heart"] {
        assert!(reactions.contains(&format!("name=\"kind\" value=\"{kind}\"")), "{kind}");
    }
    assert!(reactions.contains("aria-pressed=\"false\""));
    let report = template(&p.html, "tpl-report").expect("report template");
    assert!(report.contains("action=\"/messages/MSGID/report\"") && report.contains("for=\"report-MSGID\""));
    assert!(report.contains(&format!("name=\"room_id\" value=\"{room}\"")));
    let edit = template(&p.html, "tpl-edit").expect("edit template");
    assert!(edit.contains("action=\"/messages/MSGID/edit\"") && edit.contains("id=\"edit-MSGID\""));
    assert!(template(&p.html, "tpl-delete").is_some_and(|d| d.contains("action=\"/messages/MSGID/delete\"")));
    assert!(template(&p.html, "tpl-moderate").is_none(), "no moderator forms for a member");
    every_post_form_has_csrf(&p.html);
    // The server-rendered message carries its author for the script.
    assert!(p.html.contains(&format!("id=\"m-{id}\" data-id=\"{id}\" data-seq=\"1\" data-author=\"{ravi}\"")));
    assert!(p.html.contains("data-kind=\"heart\""));

    // A moderator: the flag and the moderator's forms, the author's name left to fill in.
    let mut cb = app.sign_in("meera").await;
    let p = app.get(&mut cb, &page).await;
    assert!(p.html.contains("data-moderator=\"1\" data-muted=\"0\""));
    let m = template(&p.html, "tpl-moderate").expect("moderator template");
    assert!(m.contains("action=\"/messages/MSGID/hide\"") && m.contains("for=\"hide-MSGID\""));
    assert!(m.contains("name=\"member_id\" value=\"AUTHORID\""));
    assert!(m.contains("Mute {name} for how many minutes?"), "{m}");
    assert!(
        m.contains(&format!("action=\"/rooms/{room}/mute\"")) && m.contains(&format!("action=\"/rooms/{room}/warn\""))
    );
    every_post_form_has_csrf(&p.html);

    // Muted, Ravi may still delete his message but not edit it: the page
    // offers only that (the service refuses the edit).
    let mute = format!("/rooms/{room}/mute");
    let p = app.post(&mut cb, &mute, &[("member_id", &ravi), ("minutes", "30"), ("reason", "Cool down")]).await;
    assert_eq!(p.location, format!("/rooms/{room}?done=muted"));
    let p = app.get(&mut rb, &page).await;
    assert!(p.html.contains("data-moderator=\"0\" data-muted=\"1\""));
    assert!(!p.html.contains(&format!("action=\"/messages/{id}/edit\"")), "no edit while muted");
    assert!(p.html.contains(&format!("action=\"/messages/{id}/delete\"")), "delete stays");
    let p = app.post(&mut rb, &format!("/messages/{id}/edit"), &[("room_id", &room), ("body", "badla")]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN, "the service refuses it too");
    let p = app.post(&mut rb, &format!("/messages/{id}/delete"), &[("room_id", &room)]).await;
    assert_eq!(p.location, format!("/rooms/{room}?done=deleted#m-{id}"));
}
