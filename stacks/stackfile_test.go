package stacks

import (
	"os"

	"gopkg.in/yaml.v3"
)

// readStackConfig reads the modelfort values of a Pulumi.<stack>.yaml.
func readStackConfig(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	var f struct {
		Config map[string]string `yaml:"config"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		return Config{}, err
	}
	return Config{
		Environment:   f.Config[Namespace+":environment"],
		PrimaryRegion: f.Config["aws:region"],
		DRRegion:      f.Config[Namespace+":drRegion"],
	}, nil
}
