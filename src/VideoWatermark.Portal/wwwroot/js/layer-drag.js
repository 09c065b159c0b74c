// Moves and sizes the template editor's layer boxes under the pointer (mouse, pen or touch) without a round trip per
// move: everything here is in shares of the frame, and only the let-go goes to the circuit (LayerBoxes.Moved or
// .Resized), which decides the layer's new place or size and draws the preview again. The snap target shown while
// dragging uses the anchors' places the circuit computed (data-spots) and its distance (data-snap).

const CLICK_PIXELS = 4;   // a press that moves less than this is a click, which selects the layer
const MIN_PIXELS = 8;     // a box's longer side is never sized below this on screen

export function attach(surface, dotnet) {
  // The editor was left before its first render got here: Blazor passes null for elements that are gone.
  if (!surface) return;
  detach(surface);
  const controller = new AbortController();
  surface.layerDrag = controller;
  surface.addEventListener("pointerdown", (e) => press(e, surface, dotnet), { signal: controller.signal });
}

export function detach(surface) {
  if (surface && surface.layerDrag) {
    surface.layerDrag.abort();
    surface.layerDrag = null;
  }
}

function press(e, surface, dotnet) {
  if (e.button !== 0) return;
  const box = e.target.closest("[data-layer-box]");
  if (!box || !surface.contains(box)) return;
  const resizing = e.target.closest("[data-resize]") !== null;
  const frame = surface.getBoundingClientRect();
  const start = {
    x: e.clientX, y: e.clientY, style: box.getAttribute("style"),
    left: Number(box.dataset.left), top: Number(box.dataset.top),
    width: Number(box.dataset.width), height: Number(box.dataset.height),
  };
  const spots = (box.dataset.spots || "").split(" ").filter(Boolean).map((p) => p.split(",").map(Number));
  const snap = Number(surface.dataset.snap);
  const target = surface.querySelector(".layer-box-snap");
  const index = Number(box.dataset.layerBox);
  const controller = new AbortController();
  let dragging = false;
  let left = start.left, top = start.top, factor = 1;

  const restore = () => {
    if (box.isConnected) {
      if (start.style === null) box.removeAttribute("style"); else box.setAttribute("style", start.style);
    }
  };

  const move = (ev) => {
    if (!dragging && Math.hypot(ev.clientX - start.x, ev.clientY - start.y) < CLICK_PIXELS) return;
    dragging = true;
    box.classList.add("dragging");
    const dx = (ev.clientX - start.x) / frame.width;
    const dy = (ev.clientY - start.y) / frame.height;
    if (resizing) {
      // Both ways at once, keeping the box's shape: the larger pull wins, inside the frame, and its longer side stays
      // above a few pixels (a one-line logo's box is thinner than that already and must still shrink).
      const least = Math.min(1, MIN_PIXELS / Math.max(start.width * frame.width, start.height * frame.height));
      const most = Math.min(1 / start.width, 1 / start.height);
      factor = clamp(Math.max((start.width + dx) / start.width, (start.height + dy) / start.height), least, most);
      box.style.width = percent(start.width * factor);
      box.style.height = percent(start.height * factor);
      return;
    }

    left = clamp(start.left + dx, 0, Math.max(0, 1 - start.width));
    top = clamp(start.top + dy, 0, Math.max(0, 1 - start.height));
    box.style.left = percent(left);
    box.style.top = percent(top);
    const spot = nearest(spots, left, top, snap);
    if (target) {
      target.hidden = spot === null;
      if (spot !== null) {
        Object.assign(target.style, { left: percent(spot[0]), top: percent(spot[1]), width: percent(start.width), height: percent(start.height) });
      }
    }
  };

  const end = (ev) => {
    controller.abort();
    if (target) target.hidden = true;
    box.classList.remove("dragging");
    if (!dragging || ev.type === "pointercancel") {
      restore();
      return;
    }

    const call = resizing ? dotnet.invokeMethodAsync("Resized", index, factor) : dotnet.invokeMethodAsync("Moved", index, left, top);
    // The circuit draws the preview again and replaces the boxes; should it keep this one, it goes back to its place.
    call.catch(() => {}).finally(restore);
  };

  const options = { signal: controller.signal };
  box.setPointerCapture(e.pointerId);
  box.addEventListener("pointermove", move, options);
  box.addEventListener("pointerup", end, options);
  box.addEventListener("pointercancel", end, options);
  // No text selection, no native image drag; the box's touch-action keeps a finger from scrolling the page instead.
  e.preventDefault();
}

// The anchor place the same rule as LayerSnap.Nearest picks: within the distance both ways, the nearest.
function nearest(spots, left, top, snap) {
  let best = null, bestDistance = Infinity;
  for (const spot of spots) {
    const dx = Math.abs(spot[0] - left), dy = Math.abs(spot[1] - top);
    const distance = dx * dx + dy * dy;
    if (dx <= snap && dy <= snap && distance < bestDistance) {
      best = spot;
      bestDistance = distance;
    }
  }
  return best;
}

function clamp(value, min, max) {
  return Math.min(Math.max(value, min), max);
}

function percent(share) {
  return `${(share * 100).toFixed(3)}%`;
}
