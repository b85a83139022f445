package rules

var protectionRules = []Rule{
	{
		ID:          "prod-stateful-protected",
		Description: "In prod, every stateful resource (keys, buckets, vaults, log groups, trails, databases) is protected from deletion.",
		Level:       Mandatory,
		ProdOnly:    true,
		CheckStack: func(s *Stack) []Violation {
			var out []Violation
			for _, r := range s.Resources {
				if contains(StatefulTypes, r.Type) && !r.Protect {
					out = append(out, Violation{URN: r.URN, Message: "the resource is not protected"})
				}
			}
			return out
		},
	},
}
