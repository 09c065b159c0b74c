namespace VideoWatermark.Engine.Probing.Mp4;

/// <summary>
/// The picture an H.264 stream decodes to, from its first sequence parameter set (ITU-T H.264, 7.3.2.1.1): the size
/// after cropping and the chroma format and bit depth, as ffmpeg's decoder reports them.
/// </summary>
internal sealed record AvcSequence(int Width, int Height, int ChromaFormat, int BitDepth)
{
    private static readonly HashSet<int> HighProfiles = [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135];

    /// <summary>ffmpeg's name for the decoded pixel format (the colour range aside).</summary>
    public string PixelFormat => (ChromaFormat switch
    {
        0 => "gray",
        1 => "yuv420p",
        2 => "yuv422p",
        _ => "yuv444p",
    }) + (BitDepth > 8 ? $"{BitDepth}le" : "");

    /// <summary>The first sequence parameter set of an <c>avcC</c> box (ISO/IEC 14496-15, 5.3.3.1).</summary>
    public static AvcSequence FromConfiguration(Box avcC)
    {
        if (avcC.U8(0) != 1 || (avcC.U8(5) & 0x1F) == 0)
        {
            throw new Mp4FormatException("an H.264 configuration without a sequence parameter set");
        }

        var length = avcC.U16(6);
        if (8 + length > avcC.Payload.Length || length < 2)
        {
            throw new Mp4FormatException("an H.264 sequence parameter set runs past its box");
        }

        return Parse(avcC.Span.Slice(9, length - 1));
    }

    private static AvcSequence Parse(ReadOnlySpan<byte> payload)
    {
        var bits = new BitReader(payload);
        var profile = bits.Bits(8);
        bits.Bits(16); // constraint flags, level
        bits.Unsigned(); // seq_parameter_set_id
        var (chroma, depth) = (1, 8);
        if (HighProfiles.Contains(profile))
        {
            chroma = bits.Unsigned();
            if (chroma == 3)
            {
                bits.Bits(1); // separate_colour_plane_flag
            }

            depth = bits.Unsigned() + 8;
            bits.Unsigned(); // bit_depth_chroma_minus8
            bits.Bits(1); // qpprime_y_zero_transform_bypass_flag
            if (bits.Bits(1) == 1)
            {
                SkipScalingLists(ref bits, chroma == 3 ? 12 : 8);
            }
        }

        bits.Unsigned(); // log2_max_frame_num_minus4
        switch (bits.Unsigned())
        {
            case 0:
                bits.Unsigned();
                break;
            case 1:
                bits.Bits(1);
                bits.Signed();
                bits.Signed();
                var cycle = bits.Unsigned();
                for (var n = 0; n < cycle; n++)
                {
                    bits.Signed();
                }

                break;
        }

        bits.Unsigned(); // max_num_ref_frames
        bits.Bits(1); // gaps_in_frame_num_value_allowed_flag
        var widthInMacroblocks = bits.Unsigned() + 1;
        var heightInMapUnits = bits.Unsigned() + 1;
        var framesOnly = bits.Bits(1);
        if (framesOnly == 0)
        {
            bits.Bits(1); // mb_adaptive_frame_field_flag
        }

        bits.Bits(1); // direct_8x8_inference_flag
        var (left, right, top, bottom) = bits.Bits(1) == 1
            ? (bits.Unsigned(), bits.Unsigned(), bits.Unsigned(), bits.Unsigned())
            : (0, 0, 0, 0);
        var (subWidth, subHeight) = chroma switch { 1 => (2, 2), 2 => (2, 1), _ => (1, 1) };
        var cropX = chroma == 0 ? 1 : subWidth;
        var cropY = (chroma == 0 ? 1 : subHeight) * (2 - framesOnly);
        var width = (widthInMacroblocks * 16) - (cropX * (left + right));
        var height = ((2 - framesOnly) * heightInMapUnits * 16) - (cropY * (top + bottom));
        return width > 0 && height > 0
            ? new AvcSequence(width, height, chroma, depth)
            : throw new Mp4FormatException("an H.264 sequence with no picture");
    }

    private static void SkipScalingLists(ref BitReader bits, int count)
    {
        for (var list = 0; list < count; list++)
        {
            if (bits.Bits(1) == 0)
            {
                continue;
            }

            var size = list < 6 ? 16 : 64;
            var (last, next) = (8, 8);
            for (var n = 0; n < size && next != 0; n++)
            {
                next = (last + bits.Signed() + 256) % 256;
                last = next == 0 ? last : next;
            }
        }
    }

    /// <summary>Bits of a NAL unit's payload, the emulation-prevention bytes (00 00 03) left out.</summary>
    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> data = data;
        private int at;
        private int bit;
        private int zeros;

        public int Bits(int count)
        {
            var value = 0;
            for (var n = 0; n < count; n++)
            {
                if (bit == 0)
                {
                    if (zeros >= 2 && Byte() == 3)
                    {
                        at++;
                        zeros = 0;
                    }

                    zeros = Byte() == 0 ? zeros + 1 : 0;
                }

                value = (value << 1) | ((Byte() >> (7 - bit)) & 1);
                if (++bit == 8)
                {
                    (bit, at) = (0, at + 1);
                }
            }

            return value;
        }

        /// <summary>ue(v): an Exp-Golomb code.</summary>
        public int Unsigned()
        {
            var leading = 0;
            while (Bits(1) == 0)
            {
                if (++leading > 31)
                {
                    throw new Mp4FormatException("a malformed H.264 sequence parameter set");
                }
            }

            return (int)((1L << leading) - 1 + Bits(leading));
        }

        /// <summary>se(v).</summary>
        public int Signed()
        {
            var code = Unsigned();
            return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
        }

        private readonly byte Byte() => at < data.Length
            ? data[at]
            : throw new Mp4FormatException("an H.264 sequence parameter set ends early");
    }
}
