package dev.bootkeeper.dhcp;

/** The option codes Bootkeeper reads or writes (RFC 2132 and the PXE-related RFCs). */
public final class DhcpOption {

  public static final int PAD = 0;
  public static final int SUBNET_MASK = 1;
  public static final int ROUTER = 3;
  public static final int DNS = 6;
  public static final int MTU = 26;
  public static final int NTP_SERVERS = 42;
  public static final int HOST_NAME = 12;
  public static final int DOMAIN_NAME = 15;
  public static final int BROADCAST_ADDRESS = 28;
  public static final int VENDOR_SPECIFIC = 43;
  public static final int REQUESTED_IP = 50;
  public static final int LEASE_TIME = 51;
  public static final int OVERLOAD = 52;
  public static final int MESSAGE_TYPE = 53;
  public static final int SERVER_ID = 54;
  public static final int PARAMETER_REQUEST_LIST = 55;
  public static final int MESSAGE = 56;
  public static final int MAX_MESSAGE_SIZE = 57;
  public static final int RENEWAL_TIME = 58;
  public static final int REBINDING_TIME = 59;
  public static final int VENDOR_CLASS = 60;
  public static final int CLIENT_ID = 61;
  public static final int TFTP_SERVER_NAME = 66;
  public static final int BOOTFILE_NAME = 67;
  public static final int USER_CLASS = 77;
  public static final int RELAY_AGENT_INFO = 82;
  public static final int CLIENT_ARCH = 93;
  public static final int CLIENT_NDI = 94;
  public static final int CLIENT_UUID = 97;
  public static final int SUBNET_SELECTION = 118;
  public static final int DOMAIN_SEARCH = 119;
  public static final int CLASSLESS_ROUTES = 121;
  public static final int IPXE_ENCAP = 175;
  public static final int MS_CLASSLESS_ROUTES = 249;
  public static final int END = 255;

  /** Option 82 sub-option 5, link selection (RFC 3527). */
  public static final int RELAY_LINK_SELECTION = 5;

  private DhcpOption() {}
}
