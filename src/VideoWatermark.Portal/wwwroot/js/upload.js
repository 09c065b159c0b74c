// Uploads videos straight from the browser to the store's signed URLs, so no video byte passes through the
// portal's circuit. Small files go up in one signed PUT; large ones as a multipart upload whose parts are signed one
// by one just before they are sent, a few in parallel, each retried on its own.
// Uploads belong to the browser tab, not to the upload page: this module's state lives as long as the document
// (in-app navigation keeps it), it reports to the circuit's UploadSession, and the page only attaches its drop zone
// while it is shown. Leaving the page therefore never aborts a request.
// A multipart upload is remembered in localStorage by its file (name, size, modification time) until it completes:
// the same file picked again after a reload, or retried after a lost connection, asks the portal which parts the
// store already holds and sends only the rest, to the same job.
import { askOnce as askForNotificationsOnce } from "./notify.js";

const files = new Map();      // id -> { file, controller, state }
let session = null;           // DotNetObjectReference of the circuit's UploadSession
let rules = null;             // { extensions, maxBytes }
let nextId = 1;
let attached = null;          // AbortController of the shown page's drop zone listeners

const PART_TRIES = 4;
const PARALLEL_PARTS = 4;
const REPORT_EVERY_MS = 250;

export function init(dotnetRef, uploadRules) {
  const first = session === null;
  session = dotnetRef;
  rules = uploadRules;
  if (first) window.addEventListener("beforeunload", warnIfUploading);
}

// Closing or reloading the tab would kill the requests: the browser asks first.
function warnIfUploading(e) {
  if (![...files.values()].some((f) => f.state === "uploading")) return;
  e.preventDefault();
  e.returnValue = "";
}

export function attach(dropzone, input) {
  // The user clicked away before the page's first render got here: its elements are gone (Blazor passes null).
  if (!dropzone || !input) return;
  if (attached) attached.abort();
  attached = new AbortController();
  const options = { signal: attached.signal };
  const add = (list) => addFiles(Array.from(list || []));
  input.addEventListener("change", () => { add(input.files); input.value = ""; }, options);
  dropzone.addEventListener("dragover", (e) => { e.preventDefault(); dropzone.classList.add("dragging"); }, options);
  dropzone.addEventListener("dragleave", () => dropzone.classList.remove("dragging"), options);
  dropzone.addEventListener("drop", (e) => {
    e.preventDefault();
    dropzone.classList.remove("dragging");
    add(e.dataTransfer && e.dataTransfer.files);
  }, options);
  dropzone.dataset.ready = "true";
}

// The page is left: its elements go, the uploads stay.
export function detach() {
  if (attached) attached.abort();
  attached = null;
}

// The circuit ended (the tab is closing or the connection is gone for good): nothing is left to report to. The
// uploads stopped here stay resumable: their jobs are not cancelled.
export function dispose() {
  for (const entry of files.values()) {
    if (entry.controller) {
      entry.interrupted = true;
      entry.controller.abort();
    }
  }
  files.clear();
  session = null;
}

// The same rules the server applies, so a wrong file is refused before anything leaves the machine.
function check(file) {
  const dot = file.name.lastIndexOf(".");
  const ext = dot < 0 ? "" : file.name.slice(dot).toLowerCase();
  if (!rules.extensions.includes(ext)) {
    return `'${file.name}' is not a video this service takes: use ${rules.extensions.join(", ")}.`;
  }
  if (file.size === 0) return `'${file.name}' is empty.`;
  if (file.size > rules.maxBytes) {
    return `'${file.name}' is ${formatBytes(file.size)}; the limit is ${formatBytes(rules.maxBytes)}.`;
  }
  return null;
}

// The same file picked again (name, size and modification time) is not queued twice.
function isListed(file) {
  for (const entry of files.values()) {
    const f = entry.file;
    if (f.name === file.name && f.size === file.size && f.lastModified === file.lastModified) return true;
  }
  return false;
}

async function addFiles(list) {
  // Still inside the user's pick or drop: the one moment the browser lets a page ask to notify them later.
  if (list.length) askForNotificationsOnce();
  const added = [];
  for (const file of list) {
    const id = `f${nextId++}`;
    const duplicate = isListed(file);
    const error = duplicate ? null : check(file);
    if (!error && !duplicate) files.set(id, { file, controller: null, state: "ready" });
    added.push({ id, name: file.name, size: file.size, contentType: file.type || "", error, duplicate });
  }
  if (added.length) await notify("FilesAdded", added);
  for (const a of added) if (files.has(a.id)) readFacts(a.id);
  // A file whose upload was interrupted goes on at once, with the watermark its job was given then.
  for (const a of added) {
    const entry = files.get(a.id);
    if (entry && remembered(entry.file)) begin(a.id, entry, null);
  }
}

const RESUME_PREFIX = "videowatermark.upload:";

function resumeKey(file) {
  return RESUME_PREFIX + JSON.stringify([file.name, file.size, file.lastModified]);
}

// { jobId, plan: { uploadId, partSize, partCount } } of the file's unfinished upload, or null. Storage may be
// disabled or full: the upload then simply cannot resume.
function remembered(file) {
  try {
    const saved = JSON.parse(localStorage.getItem(resumeKey(file)) || "null");
    return saved && saved.jobId && saved.plan && saved.plan.uploadId ? saved : null;
  } catch { return null; }
}

function remember(file, saved) {
  try { localStorage.setItem(resumeKey(file), JSON.stringify(saved)); } catch { /* not resumable, still uploads */ }
}

function forget(file) {
  try { localStorage.removeItem(resumeKey(file)); } catch { /* nothing remembered */ }
}

// Each listed file's thumbnail, length and picture size, read by the browser before upload, one file at a time: a
// batch of hundreds must not decode hundreds of videos at once. A file the browser cannot decode gets none (the
// worker still takes it; the preview says so when asked to show it).
const THUMB_WIDTH = 96;
const FACTS_TIMEOUT_MS = 15000;
let readingFacts = Promise.resolve();

function readFacts(id) {
  readingFacts = readingFacts.then(() => factsOf(id)).catch(() => {});
}

function factsOf(id) {
  const entry = files.get(id);
  if (!entry) return Promise.resolve();
  return new Promise((resolve) => {
    const video = document.createElement("video");
    const url = URL.createObjectURL(entry.file);
    let settled = false;
    const done = (facts) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      video.removeAttribute("src");
      video.load();
      video.remove();
      URL.revokeObjectURL(url);
      if (facts) notify("FileFacts", id, facts.thumbnail, facts.seconds, facts.width, facts.height);
      resolve();
    };
    const timer = setTimeout(() => done(null), FACTS_TIMEOUT_MS);
    video.muted = true;
    video.preload = "auto";
    // In the document (out of sight): Chromium may not decode frames for a detached element, which drew black.
    video.style.cssText = "position:fixed;left:-10000px;top:0;width:16px;height:16px;opacity:0;pointer-events:none";
    video.setAttribute("aria-hidden", "true");
    document.body.appendChild(video);
    video.onloadedmetadata = () => { video.currentTime = Math.min(1, (video.duration || 0) / 2); };
    video.onseeked = () => {
      if (video.readyState < 2) {
        video.addEventListener("loadeddata", () => video.onseeked(), { once: true });
        return;
      }
      const { videoWidth: width, videoHeight: height, duration } = video;
      if (!width || !height) return done(null);
      const canvas = document.createElement("canvas");
      canvas.width = THUMB_WIDTH;
      canvas.height = Math.max(1, Math.round(THUMB_WIDTH * height / width));
      canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
      done({ thumbnail: canvas.toDataURL("image/jpeg", 0.7), seconds: Number.isFinite(duration) ? duration : 0, width, height });
    };
    video.onerror = () => done(null);
    video.src = url;
  });
}

// Shows a frame of the chosen local file in the preview's <video> and tells the page its size.
export function showFrame(id, video) {
  const entry = files.get(id);
  if (!entry || !video) return;
  if (video.dataset.objectUrl) URL.revokeObjectURL(video.dataset.objectUrl);
  const url = URL.createObjectURL(entry.file);
  video.dataset.objectUrl = url;
  video.muted = true;
  video.onloadedmetadata = () => {
    const seconds = Number.isFinite(video.duration) ? video.duration : 0;
    const moment = Math.min(1, seconds / 2);
    video.currentTime = moment;
    notify("FrameShown", id, video.videoWidth, video.videoHeight, seconds, moment);
  };
  video.onerror = () => notify("FrameFailed", id);
  video.src = url;
}

// The preview's scrubber: another moment of the same local file.
export function seekFrame(video, seconds) {
  if (video && video.src && Number.isFinite(seconds)) video.currentTime = seconds;
}

export function remove(id) {
  const entry = files.get(id);
  if (entry && entry.controller) entry.controller.abort();
  files.delete(id);
}

export function cancel(id) {
  const entry = files.get(id);
  if (entry && entry.controller) {
    entry.cancelled = true;
    entry.controller.abort();
  }
}

// settings: { watermark, placement: { position, margin, scale, opacity } } or { template, templateVersion, variables }
// or { template, templateVersion, recipients: [{ name: value, ... }, ...] } (one upload, a batch of copies)
export function start(id, settings) {
  const entry = files.get(id);
  if (!entry || entry.state === "uploading") return;
  begin(id, entry, settings);
}

// settings is null when a picked file resumes by itself: if it cannot, it waits for the user to start it.
function begin(id, entry, settings) {
  entry.state = "uploading";
  entry.cancelled = false;
  entry.interrupted = false;
  entry.controller = new AbortController();
  run(id, entry, settings).finally(() => { entry.controller = null; });
}

async function run(id, entry, settings) {
  const { file } = entry;
  const { signal } = entry.controller;
  let ticket = null;
  let held = [];
  try {
    const saved = remembered(file);
    if (saved) {
      held = await heldParts(id, file, saved, signal, settings !== null);
      if (held) ticket = { jobId: saved.jobId, multipart: saved.plan, batchId: saved.batchId, jobIds: saved.jobIds };
    }

    if (ticket) {
      await notify("UploadResumed", id, ticket.jobId, held.length, ticket.multipart.partCount);
      if (ticket.batchId) await notify("BatchStarted", id, ticket.batchId, ticket.jobIds || [ticket.jobId]);
    } else if (settings === null) {
      entry.state = "ready";
      return;
    } else {
      held = [];
      ticket = await announce(file, settings, signal);
      if (ticket.multipart) remember(file, { jobId: ticket.jobId, plan: ticket.multipart, batchId: ticket.batchId, jobIds: ticket.jobIds });
      await notify("UploadStarted", id, ticket.jobId);
      if (ticket.batchId) await notify("BatchStarted", id, ticket.batchId, ticket.jobIds || [ticket.jobId]);
    }

    const meter = new Meter(id, file.size, held.reduce((sum, p) => sum + p.size, 0));
    if (ticket.multipart) {
      await multipart(ticket, file, signal, meter, held);
    } else {
      await put(ticket.uploadUrl, ticket.method, ticket.headers, file, signal, (n) => meter.set(0, n));
    }
    meter.flush();
    forget(file);
    entry.state = "done";
    await notify("UploadFinished", id, ticket.jobId);
  } catch (err) {
    entry.state = "failed";
    const message = entry.cancelled ? "Cancelled." : (err && err.message) || String(err);
    // A lost connection or a closed tab leaves the job waiting and the parts in the store for a retry; a refusal or
    // the user's cancel ends it.
    const resumable = ticket && ticket.multipart && !entry.cancelled && (err.lost || entry.interrupted);
    if (ticket && !resumable) {
      forget(file);
      // The job never got its video: it is marked cancelled and any parts sent are discarded.
      const query = new URLSearchParams({ reason: entry.cancelled ? "Upload cancelled" : `The upload of ${file.name} failed: ${message}` });
      if (ticket.multipart) query.set("uploadId", ticket.multipart.uploadId);
      fetch(`api/videos/${uploadRef(ticket)}?${query}`, { method: "DELETE" }).catch(() => {});
    }
    await notify("UploadFailed", id, resumable ? `${message} Retry sends only the parts still missing.` : message, entry.cancelled, (err && err.recipient) || null);
  }
}

// The parts of the remembered upload the store holds, or null when it cannot be resumed (the job was cancelled or
// went on, the store dropped the upload, another user's job): the file is forgotten and starts over.
async function heldParts(id, file, saved, signal, startingOver) {
  let listed;
  try {
    const query = new URLSearchParams({ uploadId: saved.plan.uploadId });
    listed = await api("GET", `api/videos/${encodeURIComponent(uploadRef(saved))}/parts?${query}`, null, signal);
  } catch (err) {
    // Not an answer about the upload: it stays remembered for the next try.
    if (err.lost || err.status >= 500 || signal.aborted) throw err;
    forget(file);
    await notify("ResumeRefused", id, `${err.message} ${startingOver ? "Starting over." : "Upload it to start over."}`, startingOver);
    return null;
  }

  // A part of another size than this plan gives it (cut short, or sent under other settings) is sent again.
  const { partSize, partCount } = saved.plan;
  return listed.filter((p) => p.partNumber >= 1 && p.partNumber <= partCount
    && p.size === Math.min(partSize, file.size - (p.partNumber - 1) * partSize));
}

function announce(file, settings, signal) {
  return api("POST", "api/videos", {
      fileName: file.name,
      contentType: file.type || "",
      size: file.size,
      watermark: settings.watermark,
      placement: settings.placement,
      template: settings.template,
      templateVersion: settings.templateVersion,
      variables: settings.variables,
      recipients: settings.recipients,
    }, signal);
}

async function multipart(ticket, file, signal, meter, held) {
  const { uploadId, partSize, partCount } = ticket.multipart;
  const parts = new Array(partCount);
  for (const p of held) parts[p.partNumber - 1] = { partNumber: p.partNumber, eTag: p.eTag };
  const missing = [];
  for (let number = 1; number <= partCount; number++) if (!parts[number - 1]) missing.push(number);
  let next = 0;
  // One part failing for good fails the upload: the parts still in flight or retrying stop with it, so nothing
  // reaches the store after the row says the upload failed (and a retry does not race the first attempt's parts).
  const stop = new AbortController();
  const partSignal = AbortSignal.any([signal, stop.signal]);
  const worker = async () => {
    while (next < missing.length && !partSignal.aborted) {
      const number = missing[next++];
      const start = (number - 1) * partSize;
      const blob = file.slice(start, Math.min(file.size, start + partSize));
      parts[number - 1] = { partNumber: number, eTag: await sendPart(uploadRef(ticket), uploadId, number, blob, partSignal, meter) };
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, missing.length) }, worker));
  } catch (err) {
    stop.abort();
    throw err;
  }
  await api("POST", `api/videos/${uploadRef(ticket)}/complete`, { uploadId, parts }, signal);
}

// What the upload calls name: a batch's upload by the batch, which outlives any one copy's job (cancelled or deleted
// while the video is still on its way).
function uploadRef(ticket) {
  return ticket.batchId || ticket.jobId;
}

async function sendPart(ref, uploadId, number, blob, signal, meter) {
  for (let attempt = 1; ; attempt++) {
    try {
      // Signed now, not at the start: a multi-gigabyte upload on a slow link outlives any one URL.
      const signed = await api("POST", `api/videos/${ref}/parts/${number}?uploadId=${encodeURIComponent(uploadId)}`, null, signal);
      const etag = await put(signed.url, signed.method, signed.headers, blob, signal, (n) => meter.set(number, n));
      if (!etag) throw new Error("The store did not return the part's ETag (is it exposed by CORS?).");
      return etag;
    } catch (err) {
      meter.set(number, 0);
      if (signal.aborted || attempt >= PART_TRIES) throw err;
      await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
    }
  }
}

// XHR rather than fetch: it reports upload progress.
function put(url, method, headers, body, signal, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method || "PUT", url);
    for (const [name, value] of Object.entries(headers || {})) {
      if (name.toLowerCase() !== "content-length" && name.toLowerCase() !== "host") xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(body.size);
        resolve(xhr.getResponseHeader("ETag"));
      } else {
        reject(new Error(storeError(xhr)));
      }
    };
    xhr.onerror = () => reject(lost("The connection to the store failed."));
    xhr.onabort = () => reject(new Error("Cancelled."));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

function storeError(xhr) {
  const text = xhr.responseText || "";
  const s3 = /<Message>([^<]*)<\/Message>/.exec(text);
  if (s3) return `The store refused the upload (${xhr.status}): ${s3[1]}`;
  try {
    const json = JSON.parse(text);
    if (json.error) return json.error;
  } catch { /* not JSON */ }
  // The embedded store says why in one short line of plain text (an expired URL, a full disk).
  const line = text.trim();
  if (line && line.length <= 300 && !line.startsWith("<") && !line.includes("\n")) return `The store refused the upload (${xhr.status}): ${line}`;
  return `The store refused the upload (HTTP ${xhr.status}).`;
}

const RATE_LIMIT_WAITS = 3;

async function api(method, path, body, signal) {
  let response;
  for (let waited = 0; ; waited++) {
    try {
      response = await fetch(path, {
        method,
        signal,
        headers: body ? { "Content-Type": "application/json" } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (err) {
      if (signal.aborted) throw err;
      throw lost("The connection to the portal failed.");
    }
    // Over the API's rate limit (a very large batch): wait as told instead of failing the file.
    if (response.status !== 429 || waited >= RATE_LIMIT_WAITS) break;
    const seconds = Math.min(Number(response.headers.get("Retry-After")) || 1, 60);
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, seconds * 1000);
      signal.addEventListener("abort", () => { clearTimeout(timer); reject(new Error("Cancelled.")); }, { once: true });
    });
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) {
    const refused = new Error((json && json.error) || `The portal answered HTTP ${response.status}.`);
    refused.status = response.status;
    // A batch refused for one recipient: its row (1-based), which the page names by the CSV's line.
    refused.recipient = (json && Number.isInteger(json.recipient)) ? json.recipient : null;
    throw refused;
  }
  return json;
}

// A request that never got an answer: the network, not a refusal, so the upload may resume later.
function lost(message) {
  const err = new Error(message);
  err.lost = true;
  return err;
}

// Sums the bytes of every part in flight and reports progress and speed a few times a second. Bytes the store held
// before (a resumed upload) count as sent but not towards the speed.
class Meter {
  constructor(id, total, held = 0) {
    this.id = id;
    this.total = total;
    this.held = held;
    this.parts = new Map();
    this.started = performance.now();
    this.last = 0;
  }

  set(part, bytes) {
    this.parts.set(part, bytes);
    const now = performance.now();
    if (now - this.last >= REPORT_EVERY_MS) this.flush(now);
  }

  flush(now = performance.now()) {
    this.last = now;
    let sent = 0;
    for (const n of this.parts.values()) sent += n;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    notify("UploadProgress", this.id, Math.min(this.held + sent, this.total), this.total, sent / seconds);
  }
}

async function notify(method, ...args) {
  if (!session) return;
  try {
    await session.invokeMethodAsync(method, ...args);
  } catch { /* the circuit is gone: nothing to show it on */ }
}

function formatBytes(n) {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return i === 0 ? `${n} B` : `${n.toFixed(1).replace(/\.0$/, "")} ${units[i]}`;
}
