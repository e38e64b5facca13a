package config

import (
	"fmt"
	"net/netip"
	"strings"

	"go.yaml.in/yaml/v3"
)

// hosts reads fetch.hosts: host names pinned to addresses, each value one
// address or a list of them. A key is a host name, "*.domain" for every
// name under domain, or "*" for every name not pinned otherwise.
func (d *decoder) hosts(n *yaml.Node, path string, dst *map[string][]netip.Addr) {
	out := map[string][]netip.Addr{}
	d.mapping(n, path, func(key string, v *yaml.Node) bool {
		k := path + "." + key
		name := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(key)), ".")
		if !validPinName(name) {
			d.fail(v, k, "%q is not a host name, \"*.domain\" or \"*\"", key)
			return true
		}
		var texts []string
		d.strList(v, k, &texts)
		if len(texts) == 0 {
			d.fail(v, k, "needs at least one address")
			return true
		}
		for i, t := range texts {
			ip, err := netip.ParseAddr(t)
			if err != nil || ip.Zone() != "" {
				d.fail(v, fmt.Sprintf("%s[%d]", k, i), "%q is not an IP address", t)
				continue
			}
			out[name] = append(out[name], ip.Unmap())
		}
		return true
	})
	*dst = out
}

// validPinName reports whether name is a host name (letters, digits,
// hyphens and dots, no empty label), optionally behind "*.", or "*".
func validPinName(name string) bool {
	if name == "*" {
		return true
	}
	name = strings.TrimPrefix(name, "*.")
	if name == "" || len(name) > 253 {
		return false
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}
