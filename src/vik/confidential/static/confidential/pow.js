// Proof of work for the anonymous report form (vik.confidential.throttle): find a nonce whose
// SHA-256 of "challenge:nonce" starts with data-pow-bits zero bits. It starts as soon as the page
// is open (while the reporter types); a submit before it is done waits for it and then sends.
// Only the browser's own Web Crypto; nothing leaves the page but the nonce in the form.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-pow-bits]");
  if (!form || !window.crypto || !window.crypto.subtle) return;
  const challenge = form.querySelector("input[name=pow_challenge]");
  const nonceField = form.querySelector("input[name=pow_nonce]");
  const status = form.querySelector("[data-pow-status]");
  const bits = Number(form.dataset.powBits);
  if (!challenge || !nonceField || !challenge.value) return;
  const encoder = new TextEncoder();

  const zeroBits = (bytes) => {
    let count = 0;
    for (const byte of bytes) {
      if (byte === 0) { count += 8; continue; }
      return count + Math.clz32(byte) - 24;
    }
    return count;
  };

  let done = false;
  let sendWhenDone = false;
  const BATCH = 512; // digests in flight at once: Web Crypto is asynchronous, one at a time is slow
  const solve = async () => {
    for (let start = 0; ; start += BATCH) {
      const nonces = Array.from({ length: BATCH }, (_, i) => start + i);
      const digests = await Promise.all(nonces.map(
        (nonce) => crypto.subtle.digest("SHA-256", encoder.encode(challenge.value + ":" + nonce))));
      const found = digests.findIndex((digest) => zeroBits(new Uint8Array(digest)) >= bits);
      if (found >= 0) return String(nonces[found]);
    }
  };
  solve().then((nonce) => {
    nonceField.value = nonce;
    done = true;
    if (sendWhenDone) form.requestSubmit();
  });
  form.addEventListener("submit", (event) => {
    if (done) return;
    event.preventDefault();
    sendWhenDone = true;
    if (status) status.hidden = false;
  });
});
