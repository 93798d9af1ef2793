/**
 * The phone simulator page: one self-contained HTML document (no build step), mobile-first, French and English.
 * Text from messages is always inserted with textContent, never as HTML.
 */
export function renderPhonePage(): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MedLink — simulateur de téléphone</title>
<style>
  :root { --fg:#1b1b1b; --bg:#f4f6f4; --accent:#0b6e4f; --me:#dcf8c6; --them:#fff; }
  * { box-sizing:border-box; }
  body { margin:0; font:16px/1.4 system-ui, sans-serif; color:var(--fg); background:var(--bg); }
  main { max-width:28rem; margin:0 auto; padding:1rem; }
  h1 { font-size:1.25rem; margin:0 0 .75rem; }
  fieldset { border:1px solid #ccc; border-radius:.5rem; margin:0 0 .75rem; padding:.5rem .75rem; }
  label { display:block; font-weight:600; margin:.25rem 0; }
  input, select, button { font:inherit; padding:.5rem; border-radius:.4rem; border:1px solid #888; width:100%; }
  button { background:var(--accent); color:#fff; border:none; cursor:pointer; margin-top:.35rem; min-height:44px; }
  button.secondary { background:#fff; color:var(--accent); border:1px solid var(--accent); }
  button:focus-visible, input:focus-visible, select:focus-visible { outline:3px solid #f5a623; outline-offset:2px; }
  .screen { background:#10261b; color:#c8f7c5; font-family:ui-monospace, monospace; white-space:pre-wrap; min-height:9rem; padding:.75rem; border-radius:.5rem; }
  ol.thread { list-style:none; padding:0; margin:0 0 .5rem; max-height:55vh; overflow-y:auto; }
  ol.thread li { margin:.35rem 0; padding:.5rem .7rem; border-radius:.6rem; max-width:85%; white-space:pre-wrap; box-shadow:0 1px 1px #0002; }
  li.me { background:var(--me); margin-left:auto; }
  li.them { background:var(--them); }
  .choices { display:flex; flex-wrap:wrap; gap:.35rem; margin-top:.35rem; }
  .choices button { width:auto; flex:1 1 auto; background:#fff; color:var(--accent); border:1px solid var(--accent); }
  .row { display:flex; gap:.5rem; } .row > * { flex:1; }
  [hidden] { display:none !important; }
  small { color:#555; }
</style>
</head>
<body>
<main>
  <div class="row"><h1 id="title"></h1><button id="lang" class="secondary" style="flex:0 0 5rem" aria-label="Language / Langue">EN</button></div>
  <fieldset>
    <legend id="setupLegend"></legend>
    <label for="phone" id="phoneLabel"></label>
    <input id="phone" type="tel" value="+254700000001" autocomplete="off" inputmode="tel">
    <label for="channel" id="channelLabel"></label>
    <select id="channel">
      <option value="africastalking-ussd">USSD (Africa's Talking)</option>
      <option value="africastalking-sms">SMS (Africa's Talking)</option>
      <option value="twilio-sms">SMS (Twilio)</option>
      <option value="twilio-whatsapp">WhatsApp (Twilio)</option>
      <option value="meta-whatsapp">WhatsApp (Meta)</option>
    </select>
  </fieldset>

  <section id="ussd" aria-labelledby="ussdTitle">
    <h2 id="ussdTitle"></h2>
    <div id="screen" class="screen" role="status" aria-live="polite"></div>
    <form id="ussdForm">
      <label for="ussdInput" id="ussdInputLabel"></label>
      <input id="ussdInput" inputmode="numeric" autocomplete="off">
      <div class="row"><button type="submit" id="ussdSend"></button><button type="button" id="dial" class="secondary"></button></div>
    </form>
  </section>

  <section id="chat" aria-labelledby="chatTitle" hidden>
    <h2 id="chatTitle"></h2>
    <ol id="thread" class="thread" aria-live="polite"></ol>
    <form id="chatForm">
      <label for="chatInput" id="chatInputLabel"></label>
      <input id="chatInput" autocomplete="off">
      <div class="row"><button type="submit" id="chatSend"></button><button type="button" id="location" class="secondary"></button></div>
    </form>
  </section>
  <p><small id="status" role="status"></small></p>
</main>
<script>
const T = {
  fr: { title:'Simulateur de téléphone MedLink', setup:'Téléphone', phone:'Numéro de téléphone', channel:'Canal', ussd:'Session USSD',
        input:'Votre réponse', send:'Envoyer', dial:'Composer', chat:'Conversation', message:'Votre message', location:'Envoyer ma position',
        ended:'Session terminée. Composez à nouveau.', idle:'Appuyez sur « Composer » pour commencer.', error:'Erreur : ', sent:'Envoyé.' },
  en: { title:'MedLink phone simulator', setup:'Phone', phone:'Phone number', channel:'Channel', ussd:'USSD session',
        input:'Your answer', send:'Send', dial:'Dial', chat:'Conversation', message:'Your message', location:'Send my location',
        ended:'Session ended. Dial again.', idle:'Press "Dial" to start.', error:'Error: ', sent:'Sent.' },
};
let lang = 'fr';
let session = null;
let mine = [];
const $ = (id) => document.getElementById(id);
function applyLang() {
  const t = T[lang];
  document.documentElement.lang = lang;
  $('lang').textContent = lang === 'fr' ? 'EN' : 'FR';
  for (const [id, key] of [['title','title'],['setupLegend','setup'],['phoneLabel','phone'],['channelLabel','channel'],['ussdTitle','ussd'],
    ['ussdInputLabel','input'],['ussdSend','send'],['dial','dial'],['chatTitle','chat'],['chatInputLabel','message'],['chatSend','send'],['location','location']]) {
    $(id).textContent = t[key];
  }
  if (!session) $('screen').textContent = t.idle;
}
function channel() { return $('channel').value; }
function phone() { return $('phone').value.trim(); }
function say(text) { $('status').textContent = text; }
async function post(path, body) {
  const response = await fetch(path, { method:'POST', headers:{ 'content-type':'application/json' }, body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.detail || (data.errors || []).map((e) => e.field + ': ' + e.message).join(', ') || response.status);
  return data;
}
async function hop(input) {
  try {
    const text = session === null ? '' : (session.text === '' ? input : session.text + '*' + input);
    const answer = await post('/api/ussd', { from: phone(), sessionId: session ? session.id : undefined, text });
    session = answer.ends ? null : { id: answer.sessionId, text };
    $('screen').textContent = answer.screen + (answer.ends ? '\\n\\n— ' + T[lang].ended : '');
    $('ussdInput').value = '';
    $('ussdInput').focus();
  } catch (error) { say(T[lang].error + error.message); }
}
async function sendChat(body) {
  try {
    const result = await post('/api/inbound', Object.assign({ channel: channel(), from: phone() }, body));
    mine.push({ at: new Date().toISOString(), text: body.text || body.replyLabel || (body.location ? '📍' : ''), channel: channel(), to: phone() });
    const failed = result.deliveries.find((d) => d.status >= 300);
    say(failed ? T[lang].error + 'HTTP ' + failed.status : T[lang].sent);
    await refresh();
  } catch (error) { say(T[lang].error + error.message); }
}
async function refresh() {
  if (channel() === 'africastalking-ussd') return;
  const response = await fetch('/api/received?to=' + encodeURIComponent(phone()) + '&channel=' + encodeURIComponent(channel()));
  const received = await response.json();
  const items = received.map((m) => ({ at: m.receivedAt, them: true, m }))
    .concat(mine.filter((m) => m.channel === channel() && m.to === phone()).map((m) => ({ at: m.at, them: false, m })))
    .sort((a, b) => a.at.localeCompare(b.at));
  const thread = $('thread');
  thread.replaceChildren();
  for (const item of items) {
    const li = document.createElement('li');
    li.className = item.them ? 'them' : 'me';
    li.textContent = item.m.text;
    const interactive = item.them ? item.m.interactive : null;
    if (interactive && interactive.options.length) {
      const box = document.createElement('div');
      box.className = 'choices';
      box.setAttribute('role', 'group');
      for (const option of interactive.options) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = option.title;
        if (option.description) button.title = option.description;
        button.addEventListener('click', () => sendChat({ replyId: option.id, replyLabel: option.title }));
        box.appendChild(button);
      }
      li.appendChild(box);
    }
    thread.appendChild(li);
  }
  thread.scrollTop = thread.scrollHeight;
}
function showPanel() {
  const isUssd = channel() === 'africastalking-ussd';
  $('ussd').hidden = !isUssd;
  $('chat').hidden = isUssd;
  refresh().catch(() => undefined);
}
$('lang').addEventListener('click', () => { lang = lang === 'fr' ? 'en' : 'fr'; applyLang(); });
$('channel').addEventListener('change', showPanel);
$('phone').addEventListener('change', () => { session = null; showPanel(); });
$('dial').addEventListener('click', () => { session = null; hop(''); });
$('ussdForm').addEventListener('submit', (event) => { event.preventDefault(); if (session) hop($('ussdInput').value.trim()); else hop(''); });
$('chatForm').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('chatInput').value.trim();
  if (text) { $('chatInput').value = ''; sendChat({ text }); }
});
$('location').addEventListener('click', () => {
  const fallback = () => sendChat({ location: { lat: -1.2921, lon: 36.8219, label: 'Nairobi' } });
  if (!navigator.geolocation) return fallback();
  navigator.geolocation.getCurrentPosition((p) => sendChat({ location: { lat: p.coords.latitude, lon: p.coords.longitude } }), fallback, { timeout: 3000 });
});
applyLang();
showPanel();
setInterval(() => refresh().catch(() => undefined), 1500);
</script>
</body>
</html>`;
}
