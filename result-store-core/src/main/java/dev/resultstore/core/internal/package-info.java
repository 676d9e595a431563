/**
 * Not for public use: helpers that the result-store modules share (TLS contexts, PEM and DER
 * parsing, page cursors, credential files, the waiter behind {@code await}, setup reports). They
 * may change without notice in any release; depend on {@code dev.resultstore.core} and the
 * adapters' public types instead.
 */
package dev.resultstore.core.internal;
