// The moderation queue: actions that ask for a comment or a reason open
// Wagtail's workflow action modal; the decision then comes back to the queue.
// (Delegated listener: the listing is replaced when filters change.)
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-moderation-action-url]");
  if (!button || !window.ModalWorkflow) {
    return;
  }
  event.preventDefault();
  window.ModalWorkflow({
    url: button.dataset.moderationActionUrl,
    onload: {
      action(modal) {
        const form = modal.body.find("form");
        const next = document.createElement("input");
        next.type = "hidden";
        next.name = "next";
        next.value = button.dataset.moderationNext || window.location.href;
        form.append(next);
        modal.ajaxifyForm(form);
      },
      success(modal, json) {
        window.location.href = json.redirect;
      },
    },
  });
});
