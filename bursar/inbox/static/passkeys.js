// Passkeys (WebAuthn): add one on /account/passkeys, use one on the sign-in step.
// The server makes the options and checks the answers; this file only converts between
// JSON (base64url) and the ArrayBuffers the browser's WebAuthn API wants.
(function () {
  "use strict";
  const toBytes = (s) => {
    const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
    const padded = b64 + "=".repeat((4 - (b64.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  };
  const fromBytes = (buf) => {
    let text = "";
    new Uint8Array(buf).forEach((b) => { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const showError = (text) => {
    const box = document.getElementById("passkey-error");
    box.textContent = text;
    box.hidden = false;
  };
  async function call(url, body, headers) {
    const resp = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: Object.assign({ "Content-Type": "application/json" }, headers || {}),
      body: JSON.stringify(body || {}),
    });
    const data = await resp.json().catch(() => ({}));
    if (!resp.ok) throw new Error((data.error && data.error.message) || "refused (" + resp.status + ")");
    return data;
  }

  async function addPasskey(form) {
    const headers = { "X-CSRF-Token": form.dataset.csrf };
    const password = form.querySelector("[name=password]").value;
    const opts = await call("/account/passkeys/options", { password: password }, headers);
    opts.challenge = toBytes(opts.challenge);
    opts.user.id = toBytes(opts.user.id);
    (opts.excludeCredentials || []).forEach((c) => { c.id = toBytes(c.id); });
    const cred = await navigator.credentials.create({ publicKey: opts });
    const r = cred.response;
    await call("/account/passkeys", {
      label: form.querySelector("[name=label]").value,
      credential: {
        id: cred.id, rawId: fromBytes(cred.rawId), type: cred.type,
        authenticatorAttachment: cred.authenticatorAttachment || undefined,
        clientExtensionResults: cred.getClientExtensionResults(),
        response: {
          clientDataJSON: fromBytes(r.clientDataJSON),
          attestationObject: fromBytes(r.attestationObject),
          transports: r.getTransports ? r.getTransports() : [],
        },
      },
    }, headers);
    location.href = "/account/passkeys";
  }

  async function usePasskey(section) {
    const opts = await call("/login/passkey/options");
    opts.challenge = toBytes(opts.challenge);
    (opts.allowCredentials || []).forEach((c) => { c.id = toBytes(c.id); });
    let cred;
    try {
      cred = await navigator.credentials.get({ publicKey: opts });
    } catch (e) {
      throw new Error("No passkey of this account answered (" + e.name + "). Start again to retry.");
    }
    const r = cred.response;
    const done = await call("/login/passkey", {
      next: section.dataset.next,
      credential: {
        id: cred.id, rawId: fromBytes(cred.rawId), type: cred.type,
        authenticatorAttachment: cred.authenticatorAttachment || undefined,
        clientExtensionResults: cred.getClientExtensionResults(),
        response: {
          clientDataJSON: fromBytes(r.clientDataJSON),
          authenticatorData: fromBytes(r.authenticatorData),
          signature: fromBytes(r.signature),
          userHandle: r.userHandle ? fromBytes(r.userHandle) : undefined,
        },
      },
    });
    location.href = done.next;
  }

  const form = document.getElementById("add-passkey");
  if (form) {
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      addPasskey(form).catch((err) => showError(err.message));
    });
  }
  const section = document.getElementById("passkey-signin");
  const button = document.getElementById("use-passkey");
  if (section && button) {
    button.addEventListener("click", () => {
      button.disabled = true;
      usePasskey(section).catch((err) => showError(err.message));
    });
  }
})();
