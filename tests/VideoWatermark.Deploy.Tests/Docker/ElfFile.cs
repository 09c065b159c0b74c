using System.Buffers.Binary;
using System.Text;

namespace VideoWatermark.Deploy.Tests.Docker;

/// <summary>
/// What the header and section table of a 64-bit little-endian ELF file say (the only kind x86-64 and arm64 Linux
/// run): its type, its machine and its sections' names and sizes. Null from <see cref="Read"/> for anything else.
/// </summary>
public sealed record ElfFile(ushort Type, ushort Machine, IReadOnlyDictionary<string, ulong> Sections)
{
    /// <summary>e_type of an executable linked at a fixed address.</summary>
    public const ushort Executable = 2;

    /// <summary>e_type of a shared object, which a position-independent executable is too (it then has .interp).</summary>
    public const ushort SharedObject = 3;

    /// <summary>Whether the file starts with the ELF magic number, 0x7F 'E' 'L' 'F'.</summary>
    public static bool HasMagic(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("\u007FELF"u8);
    }

    public static ElfFile? Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        // e_ident: magic, class 2 (64-bit), data 1 (little-endian).
        if (bytes.Length < 64 || !bytes.AsSpan(0, 4).SequenceEqual("\u007FELF"u8) || bytes[4] != 2 || bytes[5] != 1)
        {
            return null;
        }

        var header = bytes.AsSpan();
        var type = BinaryPrimitives.ReadUInt16LittleEndian(header[0x10..]);
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(header[0x12..]);
        var sectionTable = (int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x28..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3A..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3C..]);
        var namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3E..]);
        var sections = new Dictionary<string, ulong>(StringComparer.Ordinal);
        if (sectionTable == 0 || namesIndex >= count)
        {
            return new ElfFile(type, machine, sections);
        }

        ReadOnlySpan<byte> Entry(int index) => bytes.AsSpan(sectionTable + (index * entrySize), entrySize);
        var names = (int)BinaryPrimitives.ReadUInt64LittleEndian(Entry(namesIndex)[0x18..]);
        for (var i = 1; i < count; i++)
        {
            var entry = Entry(i);
            var nameStart = names + (int)BinaryPrimitives.ReadUInt32LittleEndian(entry);
            var nameLength = header[nameStart..].IndexOf((byte)0);
            sections[Encoding.ASCII.GetString(header.Slice(nameStart, nameLength))] = BinaryPrimitives.ReadUInt64LittleEndian(entry[0x20..]);
        }

        return new ElfFile(type, machine, sections);
    }

    /// <summary>This machine's CPU as ELF's e_machine names it.</summary>
    public static ushort ThisMachine => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => 62,
        System.Runtime.InteropServices.Architecture.Arm64 => 183,
        var other => throw new PlatformNotSupportedException($"No ELF machine number for {other}."),
    };
}
