package io.themachine.spi.audio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The channels of a signal, in order, each with its position. Named layouts follow FFmpeg's names
 * ({@code mono}, {@code stereo}, {@code 5.1}, {@code 7.1}, {@code 22.2}); {@link #discrete(int)}
 * stands for channels with no known position.
 *
 * @param name      FFmpeg's name for the layout, or {@code "N channels"}
 * @param positions one per channel, in channel order
 */
public record ChannelLayout(String name, List<Position> positions) {

  /** A channel and where it sits. Angles in degrees; see {@link Channel}. */
  public record Position(Channel channel, double azimuth, double elevation) {
    public static Position of(Channel c) {
      return new Position(c, c.azimuth(), c.elevation());
    }

    public static Position of(Channel c, double azimuth) {
      return new Position(c, azimuth, c.elevation());
    }
  }

  public static final ChannelLayout MONO = named("mono", Position.of(Channel.FC));
  public static final ChannelLayout STEREO = named("stereo", Position.of(Channel.FL), Position.of(Channel.FR));
  public static final ChannelLayout SURROUND_5_1 = named("5.1",
      Position.of(Channel.FL), Position.of(Channel.FR), Position.of(Channel.FC), Position.of(Channel.LFE),
      Position.of(Channel.BL, 110), Position.of(Channel.BR, -110));
  public static final ChannelLayout SURROUND_5_1_SIDE = named("5.1(side)",
      Position.of(Channel.FL), Position.of(Channel.FR), Position.of(Channel.FC), Position.of(Channel.LFE),
      Position.of(Channel.SL, 110), Position.of(Channel.SR, -110));
  public static final ChannelLayout SURROUND_7_1 = named("7.1",
      Position.of(Channel.FL), Position.of(Channel.FR), Position.of(Channel.FC), Position.of(Channel.LFE),
      Position.of(Channel.BL), Position.of(Channel.BR), Position.of(Channel.SL), Position.of(Channel.SR));
  public static final ChannelLayout SURROUND_22_2 = named("22.2",
      Position.of(Channel.FL), Position.of(Channel.FR), Position.of(Channel.FC), Position.of(Channel.LFE),
      Position.of(Channel.BL), Position.of(Channel.BR), Position.of(Channel.FLC), Position.of(Channel.FRC),
      Position.of(Channel.BC), Position.of(Channel.SL), Position.of(Channel.SR), Position.of(Channel.TC),
      Position.of(Channel.TFL), Position.of(Channel.TFC), Position.of(Channel.TFR), Position.of(Channel.TBL),
      Position.of(Channel.TBC), Position.of(Channel.TBR), Position.of(Channel.LFE2), Position.of(Channel.TSL),
      Position.of(Channel.TSR), Position.of(Channel.BFC), Position.of(Channel.BFL), Position.of(Channel.BFR));

  private static final List<ChannelLayout> NAMED =
      List.of(MONO, STEREO, SURROUND_5_1, SURROUND_5_1_SIDE, SURROUND_7_1, SURROUND_22_2);

  public ChannelLayout {
    Objects.requireNonNull(name, "name");
    positions = List.copyOf(positions);
    if (positions.isEmpty()) throw new IllegalArgumentException("a layout needs at least one channel");
  }

  public static ChannelLayout named(String name, Position... positions) {
    return new ChannelLayout(name, List.of(positions));
  }

  /** {@code n} channels with no known positions. */
  public static ChannelLayout discrete(int n) {
    if (n < 1 || n > 1024) throw new IllegalArgumentException("channel count out of range: " + n);
    return new ChannelLayout(n + " channels", Collections.nCopies(n, Position.of(Channel.DISCRETE)));
  }

  /** A layout from channels at their usual positions. */
  public static ChannelLayout of(String name, Channel... channels) {
    List<Position> p = new ArrayList<>(channels.length);
    for (Channel c : channels) p.add(Position.of(c));
    return new ChannelLayout(name, p);
  }

  /** The layout FFmpeg calls {@code name}, if it is one of the named ones here. */
  public static java.util.Optional<ChannelLayout> byName(String name) {
    return NAMED.stream().filter(l -> l.name.equals(name)).findFirst();
  }

  /** The usual layout for a channel count: mono, stereo, 5.1, 7.1, 22.2, else discrete. */
  public static ChannelLayout defaultFor(int channels) {
    return switch (channels) {
      case 1 -> MONO;
      case 2 -> STEREO;
      case 6 -> SURROUND_5_1;
      case 8 -> SURROUND_7_1;
      case 24 -> SURROUND_22_2;
      default -> discrete(channels);
    };
  }

  public int channels() {
    return positions.size();
  }

  public Channel channel(int index) {
    return positions.get(index).channel();
  }

  @Override
  public String toString() {
    return name;
  }
}
