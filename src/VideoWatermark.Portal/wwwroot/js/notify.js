// Notifications of finished jobs for a tab in the background. The permission is asked for once per browser, on the
// first files the user chooses (browsers want a person's own gesture for the prompt); a "no", or a prompt dismissed,
// is never asked again.
const askedKey = "videowatermark.notifications-asked";

export function askOnce() {
  if (!("Notification" in window) || Notification.permission !== "default") return;
  try {
    if (localStorage.getItem(askedKey)) return;
    localStorage.setItem(askedKey, new Date().toISOString());
  } catch {
    return; // Storage refused (a private window's policy): better never to ask than to ask on every visit.
  }
  Notification.requestPermission().catch(() => {});
}

// Shown only while the tab is in the background: in front, the page's own live rows already say it. One per job
// (its tag), however many tabs are open; clicking it brings the tab forward on the job's page.
export function show(title, body, href, tag) {
  if (!("Notification" in window) || Notification.permission !== "granted" || document.visibilityState !== "hidden") return;
  const icon = new URL("img/icon.svg", document.baseURI).href;
  const target = new URL(href, document.baseURI).href;
  const notification = new Notification(title, { body, tag, icon });
  notification.onclick = () => {
    window.focus();
    // Blazor's own navigation keeps the circuit, and with it the tab's uploads still in flight.
    if (window.Blazor?.navigateTo) window.Blazor.navigateTo(target);
    else location.assign(target);
    notification.close();
  };
}
