// The sandbox chat: polls the local Telegram for this person's chat and acts as their Telegram client.
"use strict";

const params = new URLSearchParams(location.search);
const user = params.get("user") || "1";
const $ = (id) => document.getElementById(id);
const rendered = new Map(); // message id -> [json, element]

async function call(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const data = await response.json();
  if (!response.ok) { toast(data.error || "failed"); throw new Error(data.error); }
  return data;
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 2500);
}

const TAGS = { bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
               blockquote: "blockquote", expandable_blockquote: "blockquote" };

function safeUrl(url) {
  try { const u = new URL(url); return ["http:", "https:", "mailto:", "tg:"].includes(u.protocol) ? u.href : null; }
  catch { return null; }
}

// Telegram's entities use UTF-16 offsets, which is what JavaScript strings index by.
function formatted(text, entities) {
  const root = document.createDocumentFragment();
  const cuts = new Set([0, text.length]);
  for (const e of entities) { cuts.add(e.offset); cuts.add(e.offset + e.length); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    let node = document.createTextNode(text.slice(start, end));
    const active = entities.filter((e) => e.offset <= start && end <= e.offset + e.length);
    for (const e of active.reverse()) {
      let wrap;
      if (e.type === "text_link" || e.type === "url") {
        const href = safeUrl(e.type === "url" ? text.slice(e.offset, e.offset + e.length) : e.url);
        if (!href) continue;
        wrap = document.createElement("a");
        wrap.href = href; wrap.target = "_blank"; wrap.rel = "noopener";
      } else if (e.type === "spoiler") {
        wrap = document.createElement("span");
        wrap.className = "spoiler";
        wrap.onclick = () => wrap.classList.add("shown");
      } else if (TAGS[e.type]) {
        wrap = document.createElement(TAGS[e.type]);
      } else continue;
      wrap.appendChild(node);
      node = wrap;
    }
    root.appendChild(node);
  }
  return root;
}

function linkFor(url) {
  // The Google link goes through the sandbox, which signs this person in to the local Google first.
  return url.includes("/o/oauth2/auth?") ? `/consent?user=${encodeURIComponent(user)}&to=${encodeURIComponent(url)}` : url;
}

function messageElement(m) {
  const wrap = document.createElement("div");
  wrap.className = "msg" + (m.from_bot ? "" : " mine");
  wrap.dataset.id = m.id;
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (m.document) {
    const doc = document.createElement("a");
    doc.className = "document";
    doc.href = `/api/document?user=${encodeURIComponent(user)}&message=${m.id}`;
    doc.download = m.document.name;
    doc.innerHTML = '<span class="icon">⬇</span>';
    const name = document.createElement("span");
    name.textContent = m.document.name;
    doc.appendChild(name);
    bubble.appendChild(doc);
  }
  bubble.appendChild(formatted(m.text, m.entities));
  if (m.edited) {
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = "edited";
    bubble.appendChild(meta);
  }
  wrap.appendChild(bubble);
  if (m.buttons.length) {
    const keyboard = document.createElement("div");
    keyboard.className = "keyboard";
    for (const row of m.buttons) {
      const line = document.createElement("div");
      line.className = "kb-row";
      for (const b of row) {
        let el;
        if (b.url) {
          el = document.createElement("a");
          el.href = linkFor(b.url); el.target = "_blank"; el.rel = "noopener";
        } else {
          el = document.createElement("button");
          el.onclick = () => tap(m.id, b.data);
        }
        el.textContent = b.text;
        line.appendChild(el);
      }
      keyboard.appendChild(line);
    }
    wrap.appendChild(keyboard);
  }
  return wrap;
}

async function tap(messageId, data) {
  const answer = await call("/api/tap", { user, message_id: messageId, data });
  if (answer.toast) toast(answer.toast);
  refresh();
}

function render(state) {
  $("bot-username").textContent = "@" + state.bot.username;
  $("whoami").textContent = `you are ${state.user.name}${state.user.admin ? " (operator)" : ""}`;
  $("clock-now").textContent = new Date(state.clock.now).toLocaleString();
  $("clock-ahead").textContent = state.clock.ahead_hours ? `(${Math.round(state.clock.ahead_hours)} h ahead)` : "";
  const box = $("messages");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const seen = new Set();
  let previous = null;
  for (const m of state.messages) {
    seen.add(m.id);
    const json = JSON.stringify(m);
    const known = rendered.get(m.id);
    let el = known && known[0] === json ? known[1] : null;
    if (!el) {
      el = messageElement(m);
      if (known) known[1].replaceWith(el); // an edit in place
      rendered.set(m.id, [json, el]);
    }
    if (el.previousElementSibling !== previous || !el.parentNode) {
      previous ? previous.after(el) : box.prepend(el);
    }
    previous = el;
  }
  for (const [id, [, el]] of rendered) if (!seen.has(id)) { el.remove(); rendered.delete(id); }
  $("start").hidden = state.messages.length > 0;
  $("composer").hidden = state.messages.length === 0;
  if (atBottom) box.scrollTop = box.scrollHeight;
}

async function refresh() {
  try { render(await call(`/api/chat?user=${encodeURIComponent(user)}`)); } catch (e) { /* shown as a toast */ }
}

async function refreshMail() {
  const data = await call("/api/mail");
  const box = $("mail");
  box.replaceChildren();
  if (!data.sent.length) { box.textContent = "No request sent yet."; return; }
  for (const mail of data.sent) {
    const item = document.createElement("div");
    item.className = "sent";
    const to = document.createElement("div"); to.className = "to"; to.textContent = mail.to;
    const subject = document.createElement("div"); subject.className = "subject"; subject.textContent = mail.subject;
    const row = document.createElement("div"); row.className = "row";
    for (const kind of data.kinds) {
      const b = document.createElement("button");
      b.textContent = kind.label;
      b.onclick = async () => { await call("/api/reply", { mail: mail.id, kind: kind.key }); toast(`${kind.label} reply delivered to the local Gmail`); };
      row.appendChild(b);
    }
    item.append(to, subject, row);
    box.appendChild(item);
  }
}

function people() {
  const box = $("people");
  for (const [key, label] of [["1", "person 1"], ["2", "person 2"], ["admin", "operator"]]) {
    const a = document.createElement("a");
    a.href = `/?user=${key}`; a.target = "_blank"; a.textContent = label + (key === user ? " (this tab)" : "");
    box.appendChild(a);
  }
}

$("start").onclick = async () => { await call("/api/send", { user, text: "/start" }); refresh(); };
$("composer").onsubmit = async (event) => {
  event.preventDefault();
  const text = $("text").value;
  if (!text.trim()) return;
  $("text").value = "";
  await call("/api/send", { user, text });
  refresh();
};
for (const b of document.querySelectorAll("[data-hours]")) {
  b.onclick = async () => { await call("/api/clock", { hours: Number(b.dataset.hours) }); toast(`Clock moved ${b.textContent}`); refresh(); };
}
people();
refresh();
refreshMail();
setInterval(refresh, 700);
setInterval(refreshMail, 3000);
