package dev.bootkeeper.nbd;

/** Magic numbers, flag bits and limits of the NBD wire protocol (all big-endian on the wire). */
final class Nbd {

  static final long NBDMAGIC = 0x4e42444d41474943L;
  static final long IHAVEOPT = 0x49484156454F5054L;
  static final long OPTION_REPLY_MAGIC = 0x0003e889045565a9L;
  static final int REQUEST_MAGIC = 0x25609513;
  static final int SIMPLE_REPLY_MAGIC = 0x67446698;
  static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;

  /** Server handshake flags. */
  static final int FLAG_FIXED_NEWSTYLE = 1;

  static final int FLAG_NO_ZEROES = 2;

  /** Client flags; any other bit set means the server must close ("Client flags"). */
  static final int CLIENT_FIXED_NEWSTYLE = 1;

  static final int CLIENT_NO_ZEROES = 2;
  static final int KNOWN_CLIENT_FLAGS = CLIENT_FIXED_NEWSTYLE | CLIENT_NO_ZEROES;

  /** Transmission flags. */
  static final int TX_HAS_FLAGS = 1;

  static final int TX_READ_ONLY = 1 << 1;
  static final int TX_SEND_FLUSH = 1 << 2;
  static final int TX_SEND_DF = 1 << 7;
  static final int TX_CAN_MULTI_CONN = 1 << 8;

  /** Command flags. */
  static final int CMD_FLAG_FUA = 1;

  static final int CMD_FLAG_DF = 1 << 2;

  /** Structured reply chunk flag and types. */
  static final int REPLY_FLAG_DONE = 1;

  static final int REPLY_TYPE_NONE = 0;
  static final int REPLY_TYPE_OFFSET_DATA = 1;
  static final int REPLY_TYPE_ERROR = (1 << 15) + 1;

  /** Strings (export names, messages) "MUST be no longer than 4096 bytes". */
  static final int MAX_STRING = 4096;

  /**
   * Option data beyond this is not a plausible option (the largest legal one is an INFO/GO with a
   * 4096-byte name); such a client is closed rather than buffered.
   */
  static final int MAX_OPTION_DATA = 64 * 1024;

  /**
   * Block size constraints we announce: any byte, 4 KiB preferred, 32 MiB payload (the spec's floor
   * for servers).
   */
  static final int MIN_BLOCK = 1;

  static final int PREFERRED_BLOCK = 4096;
  static final int MAX_PAYLOAD = 32 * 1024 * 1024;

  static final int REQUEST_LENGTH = 28;
  static final int SIMPLE_REPLY_LENGTH = 16;
  static final int STRUCTURED_HEADER_LENGTH = 20;

  /** The name nbd-client and the archiso hook ask for; the empty (default) name means it too. */
  static final String DEFAULT_EXPORT = "archiso";

  private Nbd() {}
}
