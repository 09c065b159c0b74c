Console.Error.WriteLine("VideoWatermark.Worker: not built yet");
return 2;
