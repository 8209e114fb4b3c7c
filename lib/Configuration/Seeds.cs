namespace NotebookLib.Configuration;

/// <summary>
/// The seed policy, the one place that decides it: a seed the caller gives is used as given; a seed
/// left out (null) is runtime.seed of environment.json, or NOTEBOOKLIB_SEED. Every estimator,
/// generator, split and trainer asks here, so one setting makes a whole run repeat.
/// </summary>
public static class Seeds
{
    /// <summary>The seed to use: <paramref name="seed"/> when given, else the environment's.</summary>
    public static int Resolve(int? seed) => seed ?? EnvironmentSettings.Current.Seed;
}
