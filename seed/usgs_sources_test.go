package seed

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"
)

// usgsChecksums are the SHA-256 sums of the USGS data releases as published (see
// /work/shared/sources/usgs/README.md and seed/sources/usgs/README.md): the stored copies must
// stay byte-identical, CRLF line endings included, so that every locator points at the
// published row.
var usgsChecksums = map[string]string{
	"MCS2025_World_Data.csv":       "4cf9adcc5add0f2271b073569635e49adc51392326ac5225bb9d644b1bb11e28",
	"MCS2025_World_Data.xml":       "87d08f6fd9cca4803a4d6cf397d61049642d1c4700460dbed1670143189f7b67",
	"MCS2026_Commodities_Data.csv": "582a0aa231aea53d8a97dc8d1cd3dfa5f885cf3760353e3d029d7f0ae4fbaaf5",
}

func TestUSGSFilesAreAsPublished(t *testing.T) {
	for name, want := range usgsChecksums {
		b, err := os.ReadFile("sources/usgs/" + name)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("sources/usgs/%s: SHA-256 %s, want %s (the file was edited or its line endings converted)", name, got, want)
		}
	}
}
