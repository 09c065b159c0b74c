using System.Reflection;

namespace VideoWatermark.Dispatcher.Tests;

public sealed class HandlerContractTests
{
    [Fact]
    public void The_handler_string_names_what_the_managed_runtime_can_call()
    {
        // The managed runtime loads the assembly by name, makes the type with its public parameterless constructor and
        // calls the method; with no serializer, the method must take and return a Stream.
        var parts = Function.Handler.Split("::");
        Assert.Equal(3, parts.Length);

        var type = Assembly.Load(parts[0]).GetType(parts[1], throwOnError: true)!;
        Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
        var method = Assert.Single(type.GetMethods(BindingFlags.Public | BindingFlags.Instance), m => m.Name == parts[2]);
        Assert.Equal([typeof(Stream)], method.GetParameters().Select(p => p.ParameterType));
        Assert.Equal(typeof(Task<Stream>), method.ReturnType);
    }
}
