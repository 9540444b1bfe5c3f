/**
 * Source separation: the classical tier (HPSS, REPET-SIM, NMF, centre extraction, ratio masks) on
 * every backend through {@link io.themachine.audio.separation.SeparationKernel}, and the model tier
 * (a TorchScript runner) when bytedeco PyTorch is on the path.
 */
package io.themachine.audio.separation;
