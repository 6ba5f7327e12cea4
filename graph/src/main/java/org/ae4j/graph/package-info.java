/**
 * Graph auto-encoders (Kipf &amp; Welling 2016) and graph-level VAEs (Simonovsky &amp; Komodakis 2018):
 * graph containers and loaders, GCN encoders, adjacency and node-feature decoders, link prediction.
 * Built on the core module's training loop, likelihoods and run directories.
 */
package org.ae4j.graph;
