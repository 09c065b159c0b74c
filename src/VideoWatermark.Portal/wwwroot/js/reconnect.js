// The buttons of the reconnect dialog in App.razor; Blazor shows the dialog and sets its state classes itself.
document.addEventListener('click', async (event) => {
  if (event.target.closest('[data-reconnect-reload]')) {
    location.reload();
  } else if (event.target.closest('[data-reconnect-retry]')) {
    // A lost connection reconnects; a circuit the server paused resumes; when the server has neither, only a reload helps.
    if (!(await Blazor.reconnect()) && !(await Blazor.resumeCircuit())) {
      location.reload();
    }
  }
});
