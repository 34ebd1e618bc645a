import type { Locator } from "@playwright/test";
import { PageObject } from "./page-object";

/** The gallery (/gallery): generated images, filters, search, selection and the viewer. */
export class GalleryPage extends PageObject {
  readonly items = this.page.getByTestId("gallery-item");
  readonly loadMore = this.page.getByTestId("load-more");
  readonly search = this.page.getByTestId("gallery-search");
  readonly viewer = this.page.getByTestId("viewer");
  readonly viewerImage = this.page.getByTestId("viewer-image");
  readonly viewerDetails = this.page.getByTestId("viewer-details");

  /** Open the gallery, optionally filtered to one finetune's images. */
  async goto(query: { finetune?: string } = {}): Promise<void> {
    const qs = query.finetune === undefined ? "" : `?finetune=${query.finetune}`;
    await this.open(`/gallery${qs}`);
  }

  /** A filter control by name (`endpoint`, `favourites`, …). */
  filter(name: string): Locator {
    return this.page.getByTestId(`filter-${name}`);
  }
}
