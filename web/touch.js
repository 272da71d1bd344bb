// Fingers on the canvas go to the app as touches (tint_touch), not as the mouse events a browser
// makes of them: the app turns them into taps, drags, pinches, double taps and long presses
// (wasm/touch_input.cpp). Caught on the window before Emscripten's GLFW sees them, whose touch
// handling moves no cursor. Also tells the app whether the primary pointer is a finger, which
// gives tablets the touch layout.
const phases = { touchstart: 0, touchmove: 1, touchend: 2, touchcancel: 3 };

export function forwardTouches(canvas, app) {
  const forward = (event) => {
    if (event.target !== canvas) return;
    event.preventDefault();  // no page zoom or scroll, no mouse events made of the touch
    event.stopPropagation();
    const { left, top } = canvas.getBoundingClientRect();
    for (const touch of event.changedTouches) {
      // The app's clock (event.timeStamp is another on some browsers), and how many fingers are
      // down (a lost touchend leaves none behind in the app).
      app._tint_touch(phases[event.type], touch.identifier, touch.clientX - left, touch.clientY - top,
        performance.now(), event.touches.length);
    }
  };
  for (const type of Object.keys(phases)) {
    window.addEventListener(type, forward, { capture: true, passive: false });
  }
  const coarse = matchMedia('(pointer: coarse)');
  const tell = () => app._tint_set_coarse_pointer(coarse.matches ? 1 : 0);
  coarse.addEventListener('change', tell);
  tell();
}

// Shares a file through the system's share sheet where the browser shares files (phones), and
// downloads it otherwise or when sharing fails; closing the share sheet is the person's choice.
export async function shareOrDownload(file, download) {
  if (navigator.canShare?.({ files: [file] })) {
    try {
      await navigator.share({ files: [file] });
      return;
    } catch (error) {
      if (error.name === 'AbortError') return;
    }
  }
  download();
}
