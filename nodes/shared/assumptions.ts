/**
 * Every vendor behaviour the reference documents mark as ASSUMPTION, as the pack's node code relies on
 * it, in one place. Change a value here when the real behaviour is learned; nothing else should
 * hard-code these choices. Each entry names the reference section it comes from.
 * (The emulators keep their own list in emulators/assumptions.ts.)
 */

// ---- Nmbrs (nmbrs-soap.md) ------------------------------------------------------------------

// ---- e-Boekhouden (eboekhouden-rest.md) -----------------------------------------------------

// ---- Nextens (nextens-contract.md, Part B is entirely the project's assumed contract) -------
