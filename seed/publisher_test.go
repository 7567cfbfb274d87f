package seed

import (
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// titlesNamingNoPublisher are the COMPILED sources whose title and URL name no publisher,
// reviewed one by one: the reason a reader gets no publisher.
var titlesNamingNoPublisher = map[string]string{
	"msp-joint-statement-2024-03-repost":   "A joint statement of the MSP partners; the title names the meeting, not who issued it.",
	"msp-finance-network-statement-repost": "A joint statement of the Finance Network's members; the title names no issuer.",
	"blinken-eide-moc-2024-09-repost":      "A transcript of remarks; the title names the speakers, not the publisher of the transcript.",
	"ree-top-8-producers-webstory":         "USGS is the data's source, not the web story's publisher, which the title does not name.",
	"bjnickel-china-conundrum-repost":      "The title names the IEA report it cites, not the article's publisher.",
}

// TestEmbeddedCompiledSourcesNameTheirPublisher: a compiled claim is judged by who
// published the page it cites, so every COMPILED source has a publisher unless its
// title and URL name none (reviewed above).
func TestEmbeddedCompiledSourcesNameTheirPublisher(t *testing.T) {
	ds, _ := LoadEmbedded()
	seen := map[string]bool{}
	for _, n := range ds.Nodes {
		if n.Type != "Source" || n.Props["evidence"] != store.Compiled {
			continue
		}
		publisher, _ := n.Props["publisher"].(string)
		_, reviewed := titlesNamingNoPublisher[n.ID]
		seen[n.ID] = true
		switch {
		case publisher == "" && !reviewed:
			t.Errorf("%s: COMPILED source %s has no publisher: add the one its title or URL names, or review it in titlesNamingNoPublisher", n.Pos, n.ID)
		case publisher != "" && reviewed:
			t.Errorf("%s: %s has publisher %q: drop it from titlesNamingNoPublisher", n.Pos, n.ID, publisher)
		}
	}
	for id := range titlesNamingNoPublisher {
		if !seen[id] {
			t.Errorf("titlesNamingNoPublisher names %s, which is not a COMPILED source", id)
		}
	}
}
