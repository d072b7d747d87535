package dev.bootkeeper.store;

/** How a live system fetches its root filesystem image once its kernel runs. */
public enum Stage3Method {
  HTTP,
  NBD,
  NFS
}
