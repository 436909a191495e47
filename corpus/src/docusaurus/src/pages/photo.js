import Layout from '@theme/Layout';
import Heading from '@theme/Heading';

export default function Photo() {
  return (
    <Layout title="Photo" description="A page that opens with a large photo">
      <main className="container margin-vert--lg">
        <picture>
          <source srcSet="/img/photo-1600.avif" type="image/avif" />
          <source srcSet="/img/photo-1600.webp" type="image/webp" />
          <img
            src="/img/photo-1600.jpg"
            alt="A landscape photo"
            width="1600"
            height="1067"
            style={{width: '100%', height: 'auto'}}
          />
        </picture>
        <Heading as="h1">Photo</Heading>
        <p>A page that opens with a large photo, served as AVIF, WebP or JPEG.</p>
      </main>
    </Layout>
  );
}
