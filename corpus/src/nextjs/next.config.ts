import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Static export: `next build` writes the site to out/.
  output: "export",
  // next/image has no optimizer in a static export.
  images: { unoptimized: true },
};

export default nextConfig;
