package dev.resultstore.bench;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Which local process listens on an address, from Linux's {@code /proc/net/tcp*} (the socket inodes
 * of listening sockets) and {@code /proc/<pid>/fd} (which process holds them).
 */
final class ListeningSockets {
  private static final String LISTEN = "0A";
  private static final Path PROC = Path.of("/proc");

  private ListeningSockets() {}

  /** The inodes of the sockets listening on {@code addresses} (or on any address, same port). */
  static List<Long> inodes(List<InetSocketAddress> addresses) {
    List<Long> inodes = new ArrayList<>();
    for (String table : List.of("net/tcp", "net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(PROC.resolve(table));
      } catch (IOException | RuntimeException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length > 9 && fields[3].equals(LISTEN) && matches(fields[1], addresses)) {
          inodes.add(Long.parseLong(fields[9]));
        }
      }
    }
    return inodes;
  }

  /** The role of the first socket of {@code roles} that {@code process} holds; {@code null}. */
  static String roleOf(Path process, Map<Long, String> roles) {
    try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
      for (Path descriptor : descriptors) {
        String target;
        try {
          target = Files.readSymbolicLink(descriptor).toString();
        } catch (IOException | RuntimeException e) {
          continue;
        }
        if (target.startsWith("socket:[")) {
          String role = roles.get(Long.parseLong(target.substring(8, target.length() - 1)));
          if (role != null) {
            return role;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /** Whether {@code local} ({@code HEXIP:HEXPORT} as the kernel writes it) is one of them. */
  static boolean matches(String local, List<InetSocketAddress> addresses) {
    int colon = local.indexOf(':');
    byte[] ip = kernelOrder(local.substring(0, colon));
    int port = Integer.parseInt(local.substring(colon + 1), 16);
    for (InetSocketAddress address : addresses) {
      if (address.getPort() != port) {
        continue;
      }
      InetAddress wanted = address.getAddress();
      if (wanted == null || isAny(ip) || Arrays.equals(ip, wanted.getAddress())) {
        return true;
      }
      if (wanted instanceof Inet4Address && ip.length == 16 && isMappedV4(ip, wanted)) {
        return true;
      }
    }
    return false;
  }

  /** The kernel writes each 32-bit word of an address in host (little-endian) order. */
  private static byte[] kernelOrder(String hex) {
    byte[] raw = HexFormat.of().parseHex(hex);
    byte[] ip = new byte[raw.length];
    for (int word = 0; word < raw.length; word += 4) {
      for (int i = 0; i < 4; i++) {
        ip[word + i] = raw[word + 3 - i];
      }
    }
    return ip;
  }

  private static boolean isAny(byte[] ip) {
    for (byte b : ip) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isMappedV4(byte[] ip, InetAddress v4) {
    byte[] prefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
    return Arrays.equals(Arrays.copyOf(ip, 12), prefix)
        && Arrays.equals(Arrays.copyOfRange(ip, 12, 16), v4.getAddress());
  }
}
