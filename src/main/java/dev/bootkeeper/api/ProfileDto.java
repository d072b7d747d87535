package dev.bootkeeper.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A profile as the API reads and writes it.
 *
 * @param kind {@code linux}, {@code chain}, {@code local} or {@code ipxe}
 * @param kernel linux: the kernel; chain: the loader to chain (a path under the images directory,
 *     or a URL)
 * @param templates per-format Qute templates ({@code pxelinux}, {@code ipxe}, {@code grub}) that
 *     replace the built-in ones
 * @param selector labels: hosts without a profile whose labels include all of these boot this one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileDto(
    String name,
    String description,
    String kind,
    String kernel,
    List<String> initrds,
    String cmdline,
    String ipxeScript,
    Stage3Dto stage3,
    Map<String, String> templates,
    Map<String, String> selector,
    Integer selectorPriority,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /**
   * @param method {@code http}, {@code nbd} or {@code nfs}
   * @param image the image (a folder or file under the images directory) the live system mounts
   */
  public record Stage3Dto(String method, String image) {}
}
