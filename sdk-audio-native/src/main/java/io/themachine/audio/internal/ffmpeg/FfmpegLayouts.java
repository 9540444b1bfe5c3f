package io.themachine.audio.internal.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_from_string;

import io.themachine.spi.audio.Channel;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaException.Reason;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;

/** Maps our {@link ChannelLayout} to FFmpeg's {@code AVChannelLayout}. */
final class FfmpegLayouts {
  private FfmpegLayouts() {}

  /**
   * A new {@code AVChannelLayout} (the caller uninits and closes it) for {@code layout}: the source's
   * own when they are equal, FFmpeg's named layout when there is one, else the default order for
   * the channel count.
   */
  static AVChannelLayout toAv(ChannelLayout layout, AVChannelLayout source, String subject) {
    AVChannelLayout out = new AVChannelLayout();
    int r;
    if (FfmpegInput.toLayout(source).equals(layout)) {
      r = av_channel_layout_copy(out, source);
    } else if (layout.positions().stream().allMatch(p -> p.channel() == Channel.DISCRETE)) {
      av_channel_layout_default(out, layout.channels());
      r = 0;
    } else {
      r = av_channel_layout_from_string(out, layout.name());
      if (r < 0 || out.nb_channels() != layout.channels()) {
        StringBuilder spec = new StringBuilder();
        for (int i = 0; i < layout.channels(); i++) spec.append(i == 0 ? "" : "+").append(layout.channel(i).name());
        r = av_channel_layout_from_string(out, spec.toString());
      }
    }
    if (r < 0 || out.nb_channels() != layout.channels()) {
      out.close();
      throw new MediaException(Reason.UNSUPPORTED, "av_channel_layout_from_string: cannot express layout "
          + layout.name() + " in FFmpeg, " + subject);
    }
    return out;
  }
}
