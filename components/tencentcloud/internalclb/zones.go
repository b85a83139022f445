package internalclb

import (
	"fmt"
	"slices"
	"strings"

	"github.com/modelfort/modelfort/internal/tcenv"
)

// placeZones fills in the zones a leaves out with the region's first
// zones that are not taken, and checks that both are zones of the region.
func (a *Args) placeZones(env tcenv.Env) error {
	if a.MasterZone == "" || a.SlaveZone == "" {
		var rest []string
		for _, z := range env.Zones {
			if z != a.MasterZone && z != a.SlaveZone {
				rest = append(rest, z)
			}
		}
		if a.MasterZone == "" && len(rest) > 0 {
			a.MasterZone, rest = rest[0], rest[1:]
		}
		if a.SlaveZone == "" && len(rest) > 0 {
			a.SlaveZone = rest[0]
		}
	}
	for _, f := range [][2]string{{"MasterZone", a.MasterZone}, {"SlaveZone", a.SlaveZone}} {
		if !slices.Contains(env.Zones, f[1]) {
			return fmt.Errorf("%s is %q; allowed values are two different zones of %s: %s", f[0], f[1], env.Region, strings.Join(env.Zones, ", "))
		}
	}
	return nil
}
