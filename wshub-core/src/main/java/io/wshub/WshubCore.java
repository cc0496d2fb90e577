package io.wshub;

/**
 * The root of wshub-core's packages, for a host that bootstraps CDI itself instead of discovering bean archives:
 * the embedded server hands Weld this package with its subpackages, so that every bean and endpoint of the core is
 * found without a list of them to keep.
 */
public interface WshubCore {
}
