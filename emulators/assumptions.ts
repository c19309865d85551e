/**
 * Every vendor behaviour the reference documents mark as ASSUMPTION, as the emulators implement it,
 * in one place, so it can be changed when the real behaviour is learned. Each entry names the
 * reference section it comes from. (Node code keeps its own list in nodes/shared/assumptions.ts.)
 */

// ---- Nmbrs (nmbrs-soap.md) ------------------------------------------------------------------

// ---- e-Boekhouden (eboekhouden-rest.md) -----------------------------------------------------

// ---- Nextens (nextens-contract.md) ----------------------------------------------------------
